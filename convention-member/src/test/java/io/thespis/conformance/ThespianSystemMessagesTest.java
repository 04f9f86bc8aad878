package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.actor.WakeupMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Ports {@code thespian/test/test_systemMessages.py}: the system's own messages sent to outside code are not
 * responses: {@code ask} and {@code listen} skip them (PoisonMessage excepted), and an actor told to exit does.
 *
 * <p>Departs from Thespian: the test's {@code FakeSystemMessage} subclasses {@code ActorSystemMessage}, which
 * Thespis seals (the system's messages are a fixed set of records); the port sends a {@link WakeupMessage} no timer
 * made instead.
 */
class ThespianSystemMessagesTest extends ConformanceTest {
    /** A message of the system's own kind that no timer sent. */
    private static final WakeupMessage FAKE_SYSTEM_MESSAGE = new WakeupMessage(Duration.ZERO, "not from a timer");

    /** Sends back whatever it receives, the system's own messages included. */
    static class EchoActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, message);
        }
    }

    /** An echo on the member with the "echo" capability. */
    @RequireCapability("echo")
    static class RemoteEcho extends EchoActor {
    }

    /** Answers everything with an exit request. */
    static class KillTheMessenger extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, new ActorExitRequest());
        }
    }

    /**
     * Ports {@code testCreateActorSystem}, {@code testSimpleActor} and {@code testSimpleMessageTell}; the echo of a
     * tell reaches listen.
     */
    @EveryBase
    void theEchoOfATellReachesListen(SystemBase base) {
        ActorSystem system = system(base);
        system.tell(system.createActor(EchoActor.class), "hello");
        assertEquals("hello", system.listen(WAIT));
    }

    /** Ports {@code testSystemMessageTell}: the echo of a system message told is not returned by listen. */
    @EveryBase
    void theEchoOfASystemMessageToldIsNotListenedTo(SystemBase base) {
        ActorSystem system = system(base);
        system.tell(system.createActor(EchoActor.class), FAKE_SYSTEM_MESSAGE);
        assertNull(system.listen(NO_REPLY));
    }

    /**
     * Ports {@code testKillMessageTell} and {@code testKillMessageTellKiller}: actors told to exit do, and the exit
     * requests they send back are not listened to.
     */
    @EveryBase
    void actorsToldToExitDoAndTheirExitRequestsAreNotListenedTo(SystemBase base) {
        ActorSystem system = system(base);
        system.tell(system.createActor(EchoActor.class), new ActorExitRequest());
        ActorAddress killer = system.createActor(KillTheMessenger.class);
        system.tell(killer, "hello");
        system.tell(killer, new ActorExitRequest());
        eventually(() -> system.status().actorCount() == 0);
        assertNull(system.listen(NO_REPLY));
    }

    /** Ports {@code testSimpleMessageAsk}. */
    @EveryBase
    void anAskIsAnsweredByItsEcho(SystemBase base) {
        ActorSystem system = system(base);
        assertEquals("hello", system.ask(system.createActor(EchoActor.class), "hello", WAIT));
    }

    /**
     * Ports {@code testSystemMessageAsk} and {@code testKillMessageAsk}: the echo of a system message, an exit request
     * included, does not answer an ask.
     */
    @EveryBase
    void theEchoOfASystemMessageDoesNotAnswerAnAsk(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress echo = system.createActor(EchoActor.class);
        assertNull(system.ask(echo, FAKE_SYSTEM_MESSAGE, NO_REPLY));
        assertNull(system.ask(echo, new ActorExitRequest(), NO_REPLY));
    }

    /** Ports {@code testKillMessageAskKiller}: an exit request sent back does not answer an ask. */
    @EveryBase
    void anExitRequestSentBackDoesNotAnswerAnAsk(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress killer = system.createActor(KillTheMessenger.class);
        assertNull(system.ask(killer, "hello", NO_REPLY));
        assertNull(system.ask(killer, new ActorExitRequest(), NO_REPLY));
    }

    /**
     * Ports {@code testSimpleMessageAsk}, {@code testSystemMessageAsk} and {@code testSystemMessageTell} with the echo
     * on another NETWORK member (as Thespian's multi-process bases run them, each actor in a process of its own): the
     * echoes of system messages that cross hosts are skipped too.
     */
    @Test
    void theEchoOfASystemMessageFromAnotherMemberIsSkippedToo() {
        ActorSystem system = convention(Map.of(), Map.of("echo", true)).get(0);
        ActorAddress echo = system.createActor(RemoteEcho.class);
        assertNull(system.ask(echo, FAKE_SYSTEM_MESSAGE, NO_REPLY));
        assertEquals("hello", system.ask(echo, "hello", WAIT));
        system.tell(echo, FAKE_SYSTEM_MESSAGE);
        system.tell(echo, "after");
        assertEquals("after", system.listen(WAIT));
        assertNull(system.ask(echo, new ActorExitRequest(), NO_REPLY));
    }
}
