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

    /**
     * For the recipient of an ask ({@link LocalActorSystem#openAsk}): the ask's message to {@code target} cannot
     * be delivered, for {@code reason} (it became a dead letter, or the target's system was declared gone), so no
     * reply will come from there; the ask should end at once rather than wait out its timeout. Called on the
     * thread that found out, possibly more than once (the first call counts); must not block. Other recipients
     * are never told; the default does nothing.
     */
    default void askFailed(ActorAddress target, String reason) {
    }
}
