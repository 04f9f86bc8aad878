package io.thespis.examples.capabilities;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The introduction's first capability example (section 2.6.1): a system without "Has DB access" refuses to create a
 * {@link DBUpdate}, saying why; one with it creates the actor, which connects to the database and answers.
 *
 * <p>Run: {@code java io.thespis.examples.capabilities.DbUpdateExample [SEQUENTIAL|CONCURRENT]}
 */
public final class DbUpdateExample {
    private DbUpdateExample() {
    }

    /** Tries both systems of {@code base}, printing to {@code out}. */
    public static void run(SystemBase base, PrintStream out) {
        try (ActorSystem noDatabase = ActorSystem.builder().base(base).start()) {
            noDatabase.createActor(DBUpdate.class);
            out.println("without database access: created, which must not happen");
        } catch (NoCompatibleSystemForActor refused) {
            out.println("without database access: " + refused.getMessage());
        }
        try (ActorSystem withDatabase = ActorSystem.builder().base(base).capability(DBUpdate.HAS_DB_ACCESS, true)
                .start()) {
            Database.reachableFrom(withDatabase.status().adminAddress(), true);
            ActorAddress update = withDatabase.createActor(DBUpdate.class);
            out.println("with database access: customers are "
                    + withDatabase.ask(update, "customers", Duration.ofSeconds(5)));
        }
    }

    /** Runs the example; the optional argument names the system base. */
    public static void main(String[] args) {
        run(Bases.fromArguments(args), System.out);
    }
}
