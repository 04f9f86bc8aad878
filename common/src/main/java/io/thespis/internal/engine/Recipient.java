package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;

/**
 * Not API: something in this process that messages can be delivered to: an actor, or the inbox of outside
 * code. {@link #deliver} never blocks and may be called from any thread; messages from one thread keep their
 * order.
 */
public interface Recipient {
    /** Hands over {@code message} from {@code sender}. */
    void deliver(Object message, ActorAddress sender);
}
