package io.thespis.internal.cli;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.RequireCapability;

/** The actors of {@code thespis demo}: each answers with its name and the system it runs on. */
final class DemoActors {
    private DemoActors() {
    }

    /** Answers "NAME on SYSTEM". */
    abstract static class Introduces extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorSystemMessage)) {
                send(sender, getClass().getSimpleName() + " on " + myAddress().system());
            }
        }
    }

    /** Writes to the database: only where there is one. */
    @RequireCapability("Has DB access")
    public static final class DbWriter extends Introduces {
    }

    /** Trains a model: only where there is a GPU. */
    @RequireCapability(value = "gpus", atLeast = 1)
    public static final class GpuTrainer extends Introduces {
    }

    /** Greets: anywhere. */
    public static final class Greeter extends Introduces {
    }
}
