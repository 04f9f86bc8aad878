package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_deadLettering.py}: an actor that registers for dead letters receives one for every
 * message sent to an actor that is gone; a later registration supersedes it, a stop by a superseded handler changes
 * nothing, and a handler that exits leaves dead letters unhandled until another registers. Each scenario runs with
 * the handler as a top-level actor ({@code test0N}) and as the child of one ({@code test1N}), under every base.
 *
 * <p>Where Thespian waits a while for a registration to take effect, the port asks the handler for its count first:
 * a reply proves the registration before it was handled.
 */
class ThespianDeadLetteringTest extends ConformanceTest {

    /** The last {@link DeadEnvelope} a handler got, told to outside code (which skips the system's own messages). */
    record LastDeadLetter(Object deadMessage, String reason) {
    }

    /**
     * Registers for dead letters on "Start", stops on "Stop", counts what else it gets and answers "Count"; "Last"
     * answers with the last dead letter.
     */
    static class DLHandler extends Actor {
        private int deadLetters;
        private LastDeadLetter last;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Start".equals(message)) {
                handleDeadLetters(true);
            } else if ("Stop".equals(message)) {
                handleDeadLetters(false);
            } else if ("Count".equals(message)) {
                send(sender, deadLetters);
            } else if ("Last".equals(message)) {
                send(sender, last);
            } else if (!(message instanceof ActorExitRequest)) {
                if (message instanceof DeadEnvelope envelope) {
                    last = new LastDeadLetter(envelope.deadMessage(), envelope.reason());
                }
                deadLetters++;
            }
        }
    }

    /** Passes everything down to a {@link DLHandler} child and its answers back up; "exit please" ends the child. */
    static class DLParent extends Actor {
        private ActorAddress child;
        private ActorAddress lastSender;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorSystemMessage) {
                return;
            }
            if (child == null) {
                child = createActor(DLHandler.class);
            }
            if (child.equals(sender)) {
                send(lastSender, message);
            } else {
                lastSender = sender;
                send(child, "exit please".equals(message) ? new ActorExitRequest() : message);
            }
        }
    }

    /** A {@link DLHandler} on the member with the "far" capability. */
    @RequireCapability("far")
    static class FarHandler extends DLHandler {
    }

    static Stream<Arguments> basesAndHandlers() {
        return Arrays.stream(SystemBase.values())
                .flatMap(base -> Stream.of(Arguments.of(base, DLHandler.class), Arguments.of(base, DLParent.class)));
    }

    private static int count(ActorSystem system, ActorAddress handler) {
        return (Integer) system.ask(handler, "Count", WAIT);
    }

    /** Has {@code handler} register, and returns once it has. */
    private static void start(ActorSystem system, ActorAddress handler) {
        system.tell(handler, "Start");
        count(system, handler);
    }

    /** Has {@code handler} unregister, and returns once it has. */
    private static void stop(ActorSystem system, ActorAddress handler) {
        system.tell(handler, "Stop");
        count(system, handler);
    }

    /** An actor of {@code handlerClass} asked to exit: what is sent to it from now on is a dead letter. */
    private static ActorAddress deadPawn(ActorSystem system, Class<? extends Actor> handlerClass) {
        ActorAddress pawn = system.createActor(handlerClass);
        system.tell(pawn, new ActorExitRequest());
        return pawn;
    }

    /** Sends a message that dies, and waits until {@code handler} counted it: its count is one more than before. */
    private static void deadLetterTo(ActorSystem system, ActorAddress pawn, String message, ActorAddress handler) {
        int before = count(system, handler);
        system.tell(pawn, message);
        eventually(() -> count(system, handler) == before + 1);
    }

    /** Ports {@code test01_registerDeadLetter} and {@code test11_registerDeadLetterSubActor}. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndHandlers")
    void registeringAndStoppingBringsNoDeadLetters(SystemBase base, Class<? extends Actor> handlerClass) {
        ActorSystem system = system(base);
        ActorAddress handler = system.createActor(handlerClass);
        assertEquals(0, count(system, handler));
        start(system, handler);
        assertEquals(0, count(system, handler));
        stop(system, handler);
        assertEquals(0, count(system, handler));
    }

    /**
     * Ports {@code test02_GetDeadLetter} and {@code test12_GetDeadLetterSubActor}: messages to a gone actor reach the
     * handler, as {@link DeadEnvelope}s, until it stops. In the sub-actor variant the actor that is gone is the pawn's
     * own child, as there. Departs from Thespian: the envelope also says why its message was not delivered.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndHandlers")
    void theHandlerGetsDeadLettersUntilItStops(SystemBase base, Class<? extends Actor> handlerClass) {
        ActorSystem system = system(base);
        ActorAddress handler = system.createActor(handlerClass);
        start(system, handler);
        ActorAddress pawn = system.createActor(handlerClass);
        system.tell(pawn, handlerClass == DLParent.class ? "exit please" : new ActorExitRequest());
        deadLetterTo(system, pawn, "hello", handler);
        LastDeadLetter hello = assertInstanceOf(LastDeadLetter.class, system.ask(handler, "Last", WAIT));
        assertEquals("hello", hello.deadMessage());
        assertTrue(hello.reason().contains("exited"), hello.reason());
        deadLetterTo(system, pawn, "hi", handler);
        stop(system, handler);
        int counted = count(system, handler);
        system.tell(pawn, "another");
        assertEquals(counted, count(system, handler));
        system.tell(pawn, "and another");
        assertEquals(counted, count(system, handler));
    }

    /**
     * Ports {@code test03_DLRegisterOnlyOnce} and {@code test13_DLRegisterOnlyOnce}: registering again changes nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndHandlers")
    void registeringAgainKeepsTheHandler(SystemBase base, Class<? extends Actor> handlerClass) {
        ActorSystem system = system(base);
        ActorAddress handler = system.createActor(handlerClass);
        start(system, handler);
        ActorAddress pawn = deadPawn(system, handlerClass);
        deadLetterTo(system, pawn, "hello", handler);
        deadLetterTo(system, pawn, "hi", handler);
        start(system, handler);
        deadLetterTo(system, pawn, "another", handler);
        deadLetterTo(system, pawn, "and another", handler);
    }

    /**
     * Ports {@code test04_DLMultipleHandlers} and {@code test14_DLMultipleHandlers}: the latest registration takes the
     * dead letters; the superseded handler's stop changes nothing; once the latest stops too, nobody gets them, until
     * the first registers again.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndHandlers")
    void theLatestRegistrationTakesTheDeadLetters(SystemBase base, Class<? extends Actor> handlerClass) {
        ActorSystem system = system(base);
        ActorAddress handler = system.createActor(handlerClass);
        start(system, handler);
        ActorAddress pawn = deadPawn(system, handlerClass);
        deadLetterTo(system, pawn, "hello", handler);
        deadLetterTo(system, pawn, "hi", handler);
        int first = count(system, handler);

        ActorAddress handler2 = system.createActor(handlerClass);
        start(system, handler2);
        assertEquals(0, count(system, handler2));
        deadLetterTo(system, pawn, "another", handler2);
        deadLetterTo(system, pawn, "and another", handler2);
        assertEquals(first, count(system, handler));

        stop(system, handler);
        deadLetterTo(system, pawn, "more messages", handler2);
        deadLetterTo(system, pawn, "more messages again", handler2);
        assertEquals(first, count(system, handler));

        stop(system, handler2);
        int second = count(system, handler2);
        system.tell(pawn, "more messages repeated");
        system.tell(pawn, "more messages again repeated");
        assertEquals(first, count(system, handler));
        assertEquals(second, count(system, handler2));

        start(system, handler);
        deadLetterTo(system, pawn, "more messages repeated reprised", handler);
        deadLetterTo(system, pawn, "more messages again repeated reprised", handler);
        assertEquals(second, count(system, handler2));
    }

    /**
     * Ports {@code test05_DLAutoRemoval} and {@code test15_DLAutoRemoval}: a handler that exits is no longer
     * registered, and the one it superseded gets nothing until it registers again.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndHandlers")
    void aHandlerThatExitsIsUnregistered(SystemBase base, Class<? extends Actor> handlerClass) {
        ActorSystem system = system(base);
        ActorAddress handler = system.createActor(handlerClass);
        start(system, handler);
        ActorAddress handler2 = system.createActor(handlerClass);
        start(system, handler2);
        ActorAddress pawn = deadPawn(system, handlerClass);
        deadLetterTo(system, pawn, "hello", handler2);
        deadLetterTo(system, pawn, "hi", handler2);
        assertEquals(0, count(system, handler));

        system.tell(handler2, new ActorExitRequest());
        system.tell(pawn, "another");
        assertEquals(0, count(system, handler));

        start(system, handler);
        deadLetterTo(system, pawn, "another again", handler);
    }

    /**
     * Ports the rule in the module comment of {@code test_deadLettering.py} ("dead letters are handled by the local
     * ActorSystem"), which Thespian leaves untested ({@code #KWQ: test multiple actor systems}): on two NETWORK
     * members, a message from this one to a gone actor of the other reaches the handler there, not the one here.
     */
    @Test
    void deadLettersAreHandledOnTheSystemOfTheGoneActor() {
        List<ActorSystem> systems = convention(Map.of(), Map.of("far", true));
        ActorSystem here = systems.get(0);
        ActorAddress handlerHere = here.createActor(DLHandler.class);
        start(here, handlerHere);
        ActorAddress handlerThere = here.createActor(FarHandler.class);
        start(here, handlerThere);
        ActorAddress pawn = here.createActor(FarHandler.class);
        assertOn(systems.get(1), pawn);
        here.tell(pawn, new ActorExitRequest());
        deadLetterTo(here, pawn, "hello", handlerThere);
        deadLetterTo(here, pawn, "hi", handlerThere);
        assertEquals(0, count(here, handlerHere));
    }

    /**
     * Ports the rule of {@code test_deadLettering.py} that a dead letter is a message to an actor no longer present,
     * across hosts: the messages an actor on another NETWORK member handled, and answered, are not dead letters when
     * that member leaves right afterwards; one sent after it left is, once. The other member heartbeats every 8 s, so
     * that it acknowledges what it received every 2 s (a quarter of that), long after it has left here.
     */
    @Test
    void messagesHandledOnAMemberThatLeftAfterwardsAreNotDeadLetters() {
        ActorSystem here = system(SystemBase.NETWORK, Map.of());
        try (ActorSystem there = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader(here.status().adminAddress()).capability("far", true)
                .failureDetection(Duration.ofSeconds(8), Duration.ofSeconds(30))
                .messagePackages(ConformanceTest.class.getPackageName()).start()) {
            awaitMembers(2, List.of(here, there));
            ActorAddress handler = here.createActor(DLHandler.class);
            start(here, handler);
            ActorAddress far = here.createActor(FarHandler.class);
            for (int i = 0; i < 5; i++) {
                assertEquals(0, count(here, far));
            }
            there.shutdown();
            awaitMembers(1, List.of(here));
            here.tell(far, "after it left");
            eventually(() -> here.status().counters().get("deadLetters") >= 1);
            assertEquals(1L, here.status().counters().get("deadLetters"));
            assertEquals(1, count(here, handler));
        }
    }
}
