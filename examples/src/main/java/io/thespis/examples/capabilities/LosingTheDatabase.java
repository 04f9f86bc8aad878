package io.thespis.examples.capabilities;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.examples.Waiting;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The end of the introduction's section 2.6.2: a {@link DBUpdate} whose host loses the database sets "Has DB access"
 * false and exits, so the next {@code DBUpdate} goes to another host that has it: the application reconfigures
 * itself around the failure. The example runs three hosts in this process with {@link HostStartup#startHost}: the
 * leader without the database, and two hosts with it.
 *
 * <p>Run: {@code java io.thespis.examples.capabilities.LosingTheDatabase}
 */
public final class LosingTheDatabase {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private LosingTheDatabase() {
    }

    /** Runs the three hosts, printing to {@code out}. */
    public static void run(PrintStream out) throws InterruptedException {
        try (HostStartup.Hosts hosts = HostStartup.Hosts.start(3, host -> host > 0)) {
            ActorSystem leading = hosts.get(0);
            Waiting.forMembers(leading, 3);
            ActorAddress update = leading.createActor(DBUpdate.class);
            String host = update.system().substring(0, update.system().indexOf('/'));
            out.println("a DBUpdate runs on " + host + ": customers are " + leading.ask(update, "customers", WAIT));

            Database.reachableFrom(host, false);
            out.println(host + " loses the database; the DBUpdate answers " + leading.ask(update, "customers", WAIT));
            Waiting.until("the Convention seeing " + host + " without the database", () -> leading.status().members()
                    .stream().anyMatch(member -> member.adminAddress().equals(host)
                            && Boolean.FALSE.equals(member.capabilities().get(DBUpdate.HAS_DB_ACCESS))));
            out.println("the Convention now sees " + host + " with " + DBUpdate.HAS_DB_ACCESS + "=false");

            ActorAddress next = leading.createActor(DBUpdate.class);
            out.println("the next DBUpdate runs on " + next.system().substring(0, next.system().indexOf('/'))
                    + ": customers are " + leading.ask(next, "customers", WAIT));
        }
    }

    /** Runs the example. */
    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }
}
