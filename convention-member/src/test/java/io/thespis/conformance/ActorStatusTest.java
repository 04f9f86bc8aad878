package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.actor.SystemStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status of one actor ({@link ActorSystem#actorStatus}) and the actors, global names and wakeups of a system's
 * status: what the introduction's {@code status} shows an operator (its section 4.4), under every base, and for an
 * actor on another member.
 */
class ActorStatusTest extends ConformanceTest {
    private static final Duration LATER = Duration.ofHours(1);

    /** Creates two children, schedules a wakeup, handles dead letters, and fails on "boom", as asked. */
    static class Busy extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("spawn".equals(message)) {
                createActor(Child.class);
                createActor(Child.class);
                send(sender, "spawned");
            } else if ("wake later".equals(message)) {
                wakeupAfter(LATER, null);
                send(sender, "waking");
            } else if ("handle dead letters".equals(message)) {
                handleDeadLetters(true);
                send(sender, "handling");
            } else if ("boom".equals(message)) {
                throw new IllegalStateException("boom, as asked");
            }
        }
    }

    /** Does nothing. */
    static class Child extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Holds its turn until {@link #release} opens, so that what is sent meanwhile waits in its mailbox. */
    static class Stuck extends Actor {
        /** Set by each scenario before it creates the actor. */
        static volatile CountDownLatch holding;
        static volatile CountDownLatch release;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) throws InterruptedException {
            if ("hold".equals(message)) {
                holding.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
        }
    }

    /** Lives only where the system has capability "remote". */
    @RequireCapability("remote")
    static class Remote extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorSystemMessage)) {
                send(sender, "remote got " + message);
            }
        }
    }

    @EveryBase
    void anActorsStatusSaysWhatItIsAndWhatItDidAndTheSystemsStatusListsItsActorsNamesAndWakeups(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress busy = system.createActor(Busy.class, CreateOptions.none().withGlobalName("status-busy"));
        assertEquals("spawned", ask(system, busy, "spawn"));
        assertEquals("waking", ask(system, busy, "wake later"));
        assertEquals("handling", ask(system, busy, "handle dead letters"));
        assertInstanceOf(PoisonMessage.class, ask(system, busy, "boom"));

        eventually(() -> system.actorStatus(busy).messagesHandled() == 4);
        ActorStatus status = system.actorStatus(busy);
        assertEquals(busy, status.address());
        assertEquals(Busy.class.getName(), status.actorClass());
        assertNull(status.sourceHash(), "a class from the classpath");
        assertEquals("status-busy", status.globalName());
        assertEquals(0, status.mailboxDepth());
        assertEquals(1, status.restarts(), "restarted once, then the redelivered message was returned as poison");
        assertEquals(2, status.childCount());
        assertEquals(2, status.children().size());
        assertEquals(1, status.pendingWakeups());
        assertTrue(status.deadLetterHandler());
        for (ActorAddress child : status.children()) {
            ActorStatus childStatus = system.actorStatus(child);
            assertEquals(Child.class.getName(), childStatus.actorClass());
            assertNull(childStatus.globalName());
            assertFalse(childStatus.deadLetterHandler());
            assertEquals(0, childStatus.childCount());
        }

        SystemStatus whole = system.status();
        assertEquals(3, whole.actors().size());
        assertEquals(Set.of(busy, status.children().get(0), status.children().get(1)),
                Set.copyOf(whole.actors().stream().map(ActorStatus::address).toList()));
        assertEquals(Map.of("status-busy", busy), whole.globalNames());
        assertEquals(1, whole.pendingWakeups());
        assertNull(whole.sourceAuthority());

        ActorAddress nobody = ActorAddress.of(busy.system(), 12_345);
        ActorGoneException unknown = assertThrows(ActorGoneException.class, () -> system.actorStatus(nobody));
        assertEquals(nobody, unknown.address());
        system.tell(busy, new ActorExitRequest());
        eventually(() -> {
            try {
                system.actorStatus(busy);
                return false;
            } catch (ActorGoneException gone) {
                return gone.address().equals(busy);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"CONCURRENT", "NETWORK"})
    void whatWaitsInAMailboxIsCountedAndTheFullestMailboxIsListedFirst(SystemBase base) throws InterruptedException {
        ActorSystem system = system(base);
        Stuck.holding = new CountDownLatch(1);
        Stuck.release = new CountDownLatch(1);
        system.createActor(Child.class);
        ActorAddress stuck = system.createActor(Stuck.class);
        system.tell(stuck, "hold");
        try {
            assertTrue(Stuck.holding.await(20, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                system.tell(stuck, "waits " + i);
            }
            eventually(() -> system.actorStatus(stuck).mailboxDepth() == 3);
            List<ActorStatus> listed = system.status().actors();
            assertEquals(stuck, listed.get(0).address(), "the fullest mailbox first");
            assertEquals(3, listed.get(0).mailboxDepth());
            assertEquals(0, listed.get(1).mailboxDepth());
        } finally {
            Stuck.release.countDown();
        }
        eventually(() -> system.actorStatus(stuck).mailboxDepth() == 0
                && system.actorStatus(stuck).messagesHandled() == 4);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = "NETWORK")
    void theStatusOfAnActorOnAnotherMemberIsAskedOfThatMemberAlsoByAClient(SystemBase base) {
        List<ActorSystem> members = convention(Map.of(), Map.of("remote", true));
        ActorSystem leader = members.get(0);
        ActorAddress remote = leader.createActor(Remote.class);
        assertOn(members.get(1), remote);
        assertEquals("remote got hi", ask(leader, remote, "hi"));
        eventually(() -> leader.actorStatus(remote).messagesHandled() == 1);
        assertEquals(Remote.class.getName(), leader.actorStatus(remote).actorClass());

        try (ActorSystem client = ActorSystem.connect(leader.status().adminAddress())) {
            ActorStatus throughClient = client.actorStatus(remote);
            assertEquals(remote, throughClient.address());
            assertEquals(1, throughClient.messagesHandled());
            ActorAddress nobody = ActorAddress.of(remote.system(), 12_345);
            ActorGoneException unknown = assertThrows(ActorGoneException.class, () -> client.actorStatus(nobody));
            assertEquals(nobody, unknown.address(), "the member's failure, carried across two hops as itself");
            ActorAddress elsewhere = ActorAddress.of("127.0.0.1:1/1", 7);
            assertThrows(ActorGoneException.class, () -> client.actorStatus(elsewhere),
                    "a system that is not in the Convention");
        }
    }
}
