package demo.hello;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.RequireCapability;

/** Version 2 of the greeter: it runs only on a system with the "greeter" capability. */
@RequireCapability("greeter")
public class Hello extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        send(sender, "Hello, universe!");
    }
}
