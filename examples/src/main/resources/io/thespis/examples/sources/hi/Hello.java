package hi;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;

/** The introduction's hi.Hello: edit the greeting between two runs of the Hi example, and the next run says it. */
public class Hello extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        send(sender, "Hello, world!");
    }
}
