package io.thespis.actor;

import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WakeupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Schedule(List<Duration> delays) {
    }

    /** Schedules wakeups, and reports their payloads to the asker once all of them fired. */
    static class Sleeper extends Actor {
        private final List<Object> woken = new ArrayList<>();
        private ActorAddress asker;
        private int expected;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Schedule schedule) {
                asker = sender;
                expected = schedule.delays().size();
                for (Duration delay : schedule.delays()) {
                    wakeupAfter(delay, "after " + delay.toMillis() + " ms");
                }
            } else if (message instanceof WakeupMessage wakeup) {
                woken.add(wakeup.payload());
                if (woken.size() == expected) {
                    send(asker, List.copyOf(woken));
                }
            } else if ("bad".equals(message)) {
                try {
                    wakeupAfter(Duration.ofMillis(-1), null);
                } catch (IllegalArgumentException e) {
                    send(sender, e.getMessage());
                }
            }
        }
    }

    @EveryLocalBase
    void wakeupsArriveInDueOrder(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress sleeper = system.createActor(Sleeper.class);
            Object woken = system.ask(sleeper, new Schedule(
                    List.of(Duration.ofMillis(60), Duration.ofMillis(10), Duration.ZERO)), WAIT);
            assertEquals(List.of("after 0 ms", "after 10 ms", "after 60 ms"), woken);
        }
    }

    @EveryLocalBase
    void aNegativeDelayIsRefused(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress sleeper = system.createActor(Sleeper.class);
            assertEquals("wakeupAfter needs a delay of zero or more, got PT-0.001S", system.ask(sleeper, "bad", WAIT));
        }
    }

    /** Records what it receives; schedules a wakeup on "nap"; answers "seen?" with the record, itself included. */
    static class Recorder extends Actor {
        static volatile boolean woken;
        private final List<Object> seen = new ArrayList<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            seen.add(message);
            if (message instanceof Duration nap) {
                wakeupAfter(nap, "due");
            } else if (message instanceof WakeupMessage) {
                woken = true;
            } else if ("seen?".equals(message)) {
                send(sender, List.copyOf(seen));
            }
        }
    }

    @EveryLocalBase
    void aWakeupThatCameDueWhileTheCallerWasAwayComesBeforeItsNextMessage(SystemBase base) {
        Recorder.woken = false;
        FakeTime time = new FakeTime();
        Duration nap = base == SystemBase.SEQUENTIAL ? Duration.ofMinutes(5) : Duration.ofMillis(10);
        try (ActorSystem system = base == SystemBase.SEQUENTIAL
                ? LocalActorSystem.sequential(Map.of(), time, SourceSettings.DEFAULTS)
                : ActorSystem.builder().base(base).start()) {
            ActorAddress recorder = system.createActor(Recorder.class);
            system.tell(recorder, nap);
            // The caller is away past the wakeup's deadline: the sequential base's clock is moved; the concurrent
            // one delivers the wakeup on its own once due.
            if (base == SystemBase.SEQUENTIAL) {
                time.advance(nap.plusSeconds(1));
            } else {
                await().atMost(WAIT).until(() -> Recorder.woken);
            }
            assertEquals(List.of(nap, new WakeupMessage(nap, "due"), "seen?"), system.ask(recorder, "seen?", WAIT));
        }
    }

    @Test
    void theSequentialBaseDeliversAWakeupDueBeforeATellAheadOfTheTold() {
        FakeTime time = new FakeTime();
        try (ActorSystem system = LocalActorSystem.sequential(Map.of(), time, SourceSettings.DEFAULTS)) {
            ActorAddress recorder = system.createActor(Recorder.class);
            system.tell(recorder, Duration.ofSeconds(1));
            time.advance(Duration.ofSeconds(2));
            system.tell(recorder, "told");
            assertEquals(List.of(Duration.ofSeconds(1), new WakeupMessage(Duration.ofSeconds(1), "due"), "told",
                    "seen?"), system.ask(recorder, "seen?", WAIT));
        }
    }

    @Test
    void theSequentialBaseFollowsItsClockSoHourLongWakeupsNeedNoWaiting() {
        FakeTime time = new FakeTime();
        try (ActorSystem system = LocalActorSystem.sequential(Map.of(), time, SourceSettings.DEFAULTS)) {
            ActorAddress sleeper = system.createActor(Sleeper.class);
            Object woken = system.ask(sleeper, new Schedule(List.of(Duration.ofHours(2), Duration.ofHours(1))),
                    Duration.ofHours(3));
            assertEquals(List.of("after 3600000 ms", "after 7200000 ms"), woken);
            assertEquals(Duration.ofHours(2).toNanos(), time.nanoTime());
            // A wakeup beyond the ask's timeout is not waited for: the ask gives up at its deadline.
            assertNull(system.ask(sleeper, new Schedule(List.of(Duration.ofHours(5))), Duration.ofHours(1)));
            assertEquals(Duration.ofHours(3).toNanos(), time.nanoTime());
            assertThrows(IllegalArgumentException.class, () -> system.listen(Duration.ofSeconds(-5)));
        }
    }
}
