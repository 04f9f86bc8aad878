package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.actor.WakeupMessage;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ports {@code thespian/test/test_wakeup.py}: {@code wakeupAfter} delivers one {@link WakeupMessage} per call, with
 * its payload, once its period has passed and not before; several may be pending; an actor that exits with wakeups
 * pending is no trouble.
 *
 * <p>Where Thespian sleeps longer than the period, the port lets the period pass (the sequential base's clock is
 * moved; the others wait until the wakeups have come); the counts asked afterwards show that each came once.
 */
class ThespianWakeupTest extends ConformanceTest {
    /** Thespian's 65 ms, made longer so that an ask right after a "check" answers well within it. */
    private static final Duration WAKEUP_PERIOD = Duration.ofMillis(250);

    /** Schedules a wakeup with the payload given. */
    record Check(String payload) {
    }

    /** Asks how many wakeups with the payload given came. */
    record Awoken(String payload) {
    }

    /** Counts its wakeups by payload; "check" and "awoken?" mean the {@code null} payload. */
    static class RetryActor extends Actor {
        private final Map<Object, Integer> wakeups = new HashMap<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("check".equals(message)) {
                wakeupAfter(WAKEUP_PERIOD, null);
            } else if (message instanceof Check check) {
                wakeupAfter(WAKEUP_PERIOD, check.payload());
            } else if ("awoken?".equals(message)) {
                send(sender, wakeups.getOrDefault(null, 0));
            } else if (message instanceof Awoken awoken) {
                send(sender, wakeups.getOrDefault(awoken.payload(), 0));
            } else if (message instanceof WakeupMessage wakeup) {
                wakeups.merge(wakeup.payload(), 1, Integer::sum);
            }
        }
    }

    private static Object awoken(ActorSystem system, ActorAddress waiter, Object question) {
        return system.ask(waiter, question, WAIT);
    }

    /** Lets the wakeup period pass, until {@code waiter} counts {@code count} wakeups for {@code question}. */
    private void letThePeriodPass(ActorSystem system, ActorAddress waiter, Object question, int count) {
        letTimePass(WAKEUP_PERIOD, () -> Integer.valueOf(count).equals(awoken(system, waiter, question)));
    }

    /** Ports {@code test_oneWakeup}. */
    @EveryBase
    void oneWakeupComesOnceItsPeriodPassed(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        assertEquals(0, awoken(system, waiter, "awoken?"));
        assertEquals(0, awoken(system, waiter, "awoken?"));
        system.tell(waiter, "check");
        assertEquals(0, awoken(system, waiter, "awoken?"));
        letThePeriodPass(system, waiter, "awoken?", 1);
        assertEquals(1, awoken(system, waiter, "awoken?"));
    }

    /** Ports {@code test_twoWakeupsDifferentPayloads}: each wakeup carries its own payload. */
    @EveryBase
    void wakeupsCarryTheirPayloads(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        assertEquals(0, awoken(system, waiter, "awoken?"));
        assertEquals(0, awoken(system, waiter, new Awoken("payload_1")));
        assertEquals(0, awoken(system, waiter, new Awoken("payload_2")));
        system.tell(waiter, new Check("payload_1"));
        assertEquals(0, awoken(system, waiter, new Awoken("payload_1")));
        letThePeriodPass(system, waiter, new Awoken("payload_1"), 1);
        assertEquals(0, awoken(system, waiter, "awoken?"));
        assertEquals(0, awoken(system, waiter, new Awoken("payload_2")));
        system.tell(waiter, new Check("payload_2"));
        letThePeriodPass(system, waiter, new Awoken("payload_2"), 1);
        assertEquals(0, awoken(system, waiter, "awoken?"));
        assertEquals(1, awoken(system, waiter, new Awoken("payload_1")));
    }

    /** Ports {@code test_threeWakeupsDifferentPayloads}: an empty payload is not the same as none. */
    @EveryBase
    void anEmptyPayloadIsNotNone(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        assertEquals(0, awoken(system, waiter, new Awoken("")));
        system.tell(waiter, new Check("payload_1"));
        assertEquals(0, awoken(system, waiter, new Awoken("payload_1")));
        letThePeriodPass(system, waiter, new Awoken("payload_1"), 1);
        assertEquals(0, awoken(system, waiter, "awoken?"));
        assertEquals(0, awoken(system, waiter, new Awoken("")));
        system.tell(waiter, new Check(""));
        system.tell(waiter, "check");
        letThePeriodPass(system, waiter, "awoken?", 1);
        letThePeriodPass(system, waiter, new Awoken(""), 1);
        assertEquals(1, awoken(system, waiter, new Awoken("payload_1")));
    }

    /** Ports {@code test_threeWakeupsInSequence}. */
    @EveryBase
    void wakeupsInSequence(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        system.tell(waiter, "check");
        assertEquals(0, awoken(system, waiter, "awoken?"));
        letThePeriodPass(system, waiter, "awoken?", 1);
        system.tell(waiter, "check");
        assertEquals(1, awoken(system, waiter, "awoken?"));
        letThePeriodPass(system, waiter, "awoken?", 2);
        system.tell(waiter, "check");
        assertEquals(2, awoken(system, waiter, "awoken?"));
        letThePeriodPass(system, waiter, "awoken?", 3);
    }

    /** Ports {@code test_multipleWakeupsPending}: every pending wakeup comes, once. */
    @EveryBase
    void severalWakeupsMayBePending(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        system.tell(waiter, "check");
        system.tell(waiter, "check");
        assertEquals(0, awoken(system, waiter, "awoken?"));
        letThePeriodPass(system, waiter, "awoken?", 2);
        system.tell(waiter, "check");
        system.tell(waiter, "check");
        system.tell(waiter, "check");
        letThePeriodPass(system, waiter, "awoken?", 5);
        assertEquals(5, awoken(system, waiter, "awoken?"));
    }

    /**
     * Ports {@code test_exitWithWakeupsPending}: the wakeup of an actor that exited meanwhile is dropped, not a dead
     * letter. A second actor's wakeup, scheduled after it, says when its time has passed.
     */
    @EveryBase
    void aWakeupForAnActorThatExitedIsDropped(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress waiter = system.createActor(RetryActor.class);
        system.tell(waiter, "check");
        system.tell(waiter, new ActorExitRequest());
        ActorAddress witness = system.createActor(RetryActor.class);
        system.tell(witness, "check");
        letThePeriodPass(system, witness, "awoken?", 1);
        assertEquals(0L, system.status().counters().get("deadLetters"));
    }
}
