package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;

/** An actor that does nothing: created (and told to exit) only to read which incarnation its system is now. */
public final class IncarnationMarker extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
    }
}
