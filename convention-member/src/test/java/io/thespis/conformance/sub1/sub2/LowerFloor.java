package io.thespis.conformance.sub1.sub2;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.conformance.sub1.Overheard;

/** Ports {@code thespian/test/sub1/sub2/lower.py}: answers text, and tells an {@link Overheard}'s listener. */
public class LowerFloor extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof String text) {
            send(sender, "Heard: " + text);
        } else if (message instanceof Overheard overheard) {
            send(overheard.replyTo(), "And Heard: " + overheard.text());
        }
    }
}
