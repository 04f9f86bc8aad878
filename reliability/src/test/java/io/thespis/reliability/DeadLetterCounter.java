package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.DeadEnvelope;

/**
 * Its incarnation's dead-letter handler once sent {@link Watch}: counts the {@link DeadEnvelope}s of
 * {@link Numbered} messages by flow, reason and number in its process's {@link Tallies}. A new incarnation of the
 * member (after it was declared gone) gets a new one.
 */
public final class DeadLetterCounter extends Actor {
    /** Makes this actor its system's dead-letter handler; it answers the asker with the same message. */
    record Watch() {
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof Watch watch) {
            handleDeadLetters(true);
            send(sender, watch);
        } else if (message instanceof DeadEnvelope dead && dead.deadMessage() instanceof Numbered numbered) {
            Tallies.dead(numbered.flow(), dead.reason(), numbered.seq());
        }
    }
}
