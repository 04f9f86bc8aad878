package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EndOfHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ActorSystem system;

    @AfterEach
    void shutDown() {
        if (system != null) {
            system.shutdown();
        }
    }

    /** Defers a counting task {@code Integer} times, then answers what was seen: deferred, runs before returning. */
    public static final class Deferring extends Actor {
        private final AtomicInteger runs = new AtomicInteger();
        private final Runnable task = runs::incrementAndGet;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Integer times) {
                boolean deferred = true;
                for (int i = 0; i < times; i++) {
                    deferred &= EndOfHandler.defer(task);
                }
                send(sender, List.of(deferred, runs.get()));
            } else if ("runs".equals(message)) {
                send(sender, runs.get());
            }
        }
    }

    @Test
    void aHandlersDeferredTaskRunsOnceWhenItReturns() {
        system = ActorSystem.builder().base(SystemBase.CONCURRENT).start();
        ActorAddress actor = system.createActor(Deferring.class);

        assertEquals(List.of(true, 0), system.ask(actor, 3, WAIT), "deferred, and not run inside the handler");
        assertEquals(1, system.ask(actor, "runs", WAIT), "run once for three deferrals");
    }

    @Test
    void aLongBurstRunsTheTaskAsItGoes() {
        system = ActorSystem.builder().base(SystemBase.CONCURRENT).start();
        ActorAddress actor = system.createActor(Deferring.class);

        int times = EndOfHandler.MAX_DEFERRED_SENDS + 10;
        assertEquals(List.of(true, 1), system.ask(actor, times, WAIT), "run once inside, at the bound");
        assertEquals(2, system.ask(actor, "runs", WAIT), "and once more at the end");
    }

    @Test
    void outsideCodeIsNeverDeferred() {
        assertFalse(EndOfHandler.defer(() -> { }));
    }

    /** Defers a task, then calls outside code (an ask) that needs it to have run, as a send to another process. */
    public static final class AskingInsideAHandler extends Actor {
        private final AtomicInteger runs = new AtomicInteger();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorSystem outside) {
                EndOfHandler.defer(runs::incrementAndGet);
                outside.ask(myAddress(), "nobody answers", Duration.ofMillis(1));
                send(sender, runs.get());
            }
        }
    }

    @Test
    void outsideCodeCalledFromAHandlerRunsWhatWasDeferredFirst() {
        system = ActorSystem.builder().base(SystemBase.CONCURRENT).start();
        ActorAddress actor = system.createActor(AskingInsideAHandler.class);

        assertEquals(1, system.ask(actor, system, WAIT));
    }
}
