package io.thespis.examples.capabilities;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The introduction's stacked requirements (section 2.6.1): a system gains the capabilities {@link DBUpdateFromLDAP}
 * needs one by one, and says each time whether it can create one, and if not, what is missing.
 *
 * <p>Run: {@code java io.thespis.examples.capabilities.DbUpdateFromLdapExample [SEQUENTIAL|CONCURRENT]}
 */
public final class DbUpdateFromLdapExample {
    private DbUpdateFromLdapExample() {
    }

    /** Tries a system of {@code base} as its capabilities grow, printing to {@code out}. */
    public static void run(SystemBase base, PrintStream out) {
        List<Map.Entry<String, Object>> steps = List.of(Map.entry("Has DB access", true),
                Map.entry("LDAP installed", true), Map.entry("LDAP zone", "Standby"), Map.entry("LDAP zone", "Active"));
        Map<String, Object> capabilities = new LinkedHashMap<>();
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            out.println(attempt(system, capabilities));
            for (Map.Entry<String, Object> step : steps) {
                system.updateCapability(step.getKey(), step.getValue());
                capabilities.put(step.getKey(), step.getValue());
                out.println(attempt(system, capabilities));
            }
        }
    }

    private static String attempt(ActorSystem system, Map<String, Object> capabilities) {
        try {
            ActorAddress update = system.createActor(DBUpdateFromLDAP.class);
            Object answer = system.ask(update, "customers", Duration.ofSeconds(5));
            system.tell(update, new ActorExitRequest());
            return capabilities + ": " + answer;
        } catch (NoCompatibleSystemForActor refused) {
            return capabilities + ": " + refused.getMessage();
        }
    }

    /** Runs the example; the optional argument names the system base. */
    public static void main(String[] args) {
        run(Bases.fromArguments(args), System.out);
    }
}
