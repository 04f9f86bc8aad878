package io.thespis.conformance.sub1;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.CreateOptions;

/**
 * Ports {@code thespian/test/sub1/upper.py}: answers text, and passes {@link Overheard} lines to a
 * {@code LowerFloor} it creates by its class name, from a package below its own.
 */
public class UpperFloor extends Actor {
    private ActorAddress lower;

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof String text) {
            send(sender, "Viewed: " + text);
        } else if (message instanceof Overheard overheard) {
            if (lower == null) {
                lower = createActor("io.thespis.conformance.sub1.sub2.LowerFloor", CreateOptions.none());
            }
            send(lower, new Overheard(overheard.text(), sender));
        }
    }
}
