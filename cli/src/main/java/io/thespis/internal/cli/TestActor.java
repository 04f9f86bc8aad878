package io.thespis.internal.cli;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemMessage;

/**
 * The shell's test actor, as Thespian's: it answers anything with {@code TestActor @ <address> got: <message>},
 * and {@code "create"} with the address of a new TestActor.
 */
public final class TestActor extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof ActorSystemMessage) {
            return;
        }
        if ("create".equals(message)) {
            send(sender, createActor(TestActor.class));
        } else {
            send(sender, "TestActor @ " + myAddress() + " got: " + message);
        }
    }
}
