package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;

/**
 * Receives {@link Numbered} messages of any number of flows and tallies each flow in its process's
 * {@link Tallies}, which outlive it (it is stopped with its incarnation when its member is declared gone).
 */
public final class Sink extends Actor {
    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof Numbered numbered) {
            Tallies.received(numbered.flow(), numbered.seq());
        }
    }
}
