package io.thespis.examples.capabilities;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;

import java.util.Map;

/**
 * The introduction's {@code DBUpdate} (section 2.6.1): it needs the database, so its
 * {@code actorSystemCapabilityCheck} lets it run only on a system that says "Has DB access"; it connects when it is
 * created. Asked for a table, it answers with its rows. When its host loses the database (section 2.6.2), it sets
 * the capability false, so that the next {@code DBUpdate} goes to another host, and exits.
 */
public class DBUpdate extends Actor {
    /** The capability this actor needs. */
    public static final String HAS_DB_ACCESS = "Has DB access";

    private final Database db = Database.connectFrom(myAddress());

    /** What a DBUpdate answers once its host has lost the database. */
    public record DatabaseLost(String host) {
    }

    /** Runs only where the system has access to the database. */
    public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                     Map<String, Object> requirements) {
        return Boolean.TRUE.equals(capabilities.getOrDefault(HAS_DB_ACCESS, false));
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof String table) {
            try {
                send(sender, db.query("select * from " + table));
            } catch (DatabaseException lost) {
                updateCapability(HAS_DB_ACCESS, false);
                send(sender, new DatabaseLost(db.host()));
                send(myAddress(), new ActorExitRequest());
            }
        }
    }
}
