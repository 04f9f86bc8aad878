package io.thespis.actor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Fails on "fail-once" the first time only (counted across instances), always on "fail-always", and
     * reports its instance number and message count otherwise.
     */
    static class Fragile extends Actor {
        static final AtomicInteger INSTANCES = new AtomicInteger();
        static final AtomicInteger FAIL_ONCE_ATTEMPTS = new AtomicInteger();
        private final int instance = INSTANCES.incrementAndGet();
        private int handled;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            handled++;
            if ("fail-once".equals(message) && FAIL_ONCE_ATTEMPTS.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            if ("fail-always".equals(message)) {
                throw new IllegalArgumentException("cannot handle this");
            }
            if (!(message instanceof ActorSystemMessage)) {
                send(sender, "instance " + instance + " handled " + message + " as message " + handled);
            }
        }
    }

    @EveryLocalBase
    void aFailedMessageIsRedeliveredOnceToAFreshInstance(SystemBase base) {
        Fragile.INSTANCES.set(0);
        Fragile.FAIL_ONCE_ATTEMPTS.set(0);
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress fragile = system.createActor(Fragile.class);
            assertEquals("instance 1 handled warm-up as message 1", system.ask(fragile, "warm-up", WAIT));
            assertEquals("instance 2 handled fail-once as message 1", system.ask(fragile, "fail-once", WAIT));
            assertEquals(1L, system.status().counters().get("restarts"));
            assertEquals(0L, system.status().counters().get("poisonMessages"));
        }
    }

    @EveryLocalBase
    void aSecondFailureReturnsPoisonAndTheActorGoesOn(SystemBase base) {
        Fragile.INSTANCES.set(0);
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress fragile = system.createActor(Fragile.class);
            PoisonMessage poison = assertInstanceOf(PoisonMessage.class, system.ask(fragile, "fail-always", WAIT));
            assertEquals("fail-always", poison.poisonMessage());
            assertTrue(poison.details().contains("cannot handle this"), poison.details());
            assertEquals("instance 2 handled next as message 2", system.ask(fragile, "next", WAIT));
            assertEquals(1L, system.status().counters().get("poisonMessages"));
            assertEquals(1, system.status().actorCount());
        }
    }

    record Pass(ActorAddress to, Object message) {
    }

    /** Sends what it is told to, and reports the PoisonMessages that come back to it. */
    static class Courier extends Actor {
        private ActorAddress asker;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Pass pass) {
                asker = sender;
                send(pass.to(), pass.message());
            } else if (message instanceof PoisonMessage poison) {
                send(asker, "poisoned: " + poison.poisonMessage());
            }
        }
    }

    @EveryLocalBase
    void poisonGoesToTheActorThatSentTheMessage(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress fragile = system.createActor(Fragile.class);
            ActorAddress courier = system.createActor(Courier.class);
            assertEquals("poisoned: fail-always", system.ask(courier, new Pass(fragile, "fail-always"), WAIT));
        }
    }
}
