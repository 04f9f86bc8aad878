package io.thespis.internal.engine;

import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.PoisonMessage;

/**
 * Not API: what outside code receives. {@code ask} and {@code listen} count any message sent back to outside code,
 * except the system's own messages ({@link ActorSystemMessage}: wakeups, exit requests, exit notices, dead
 * letters, Convention updates, source validation) other than {@link PoisonMessage}; as in Thespian, a
 * {@code PoisonMessage} that returns one of those is one of them too. Outside code could not act on them, so they
 * are dropped, not kept for a later {@code listen}. Every way outside code receives messages (this process's
 * {@code ask}/{@code listen}, a networked system's client sessions) applies this one rule.
 */
public final class Replies {
    private Replies() {
    }

    /** Whether outside code receives {@code message} from {@code ask} or {@code listen}. */
    public static boolean count(Object message) {
        Object returned = message instanceof PoisonMessage poison ? poison.poisonMessage() : message;
        return !(returned instanceof ActorSystemMessage) || returned instanceof PoisonMessage;
    }
}
