package io.thespis.actor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Spawn(int children) {
    }

    record AllExited(int count, Set<ActorAddress> children) {
    }

    /** Creates children, asks each to exit, and reports once every ChildActorExited arrived. */
    static class Parent extends Actor {
        private final Set<ActorAddress> children = new HashSet<>();
        private final Set<ActorAddress> exited = new HashSet<>();
        private ActorAddress asker;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Spawn spawn) {
                asker = sender;
                for (int i = 0; i < spawn.children(); i++) {
                    ActorAddress child = createActor(Child.class);
                    children.add(child);
                    send(child, new ActorExitRequest());
                }
            } else if (message instanceof ChildActorExited gone) {
                exited.add(gone.child());
                if (exited.size() == children.size()) {
                    send(asker, new AllExited(exited.size(), Set.copyOf(exited)));
                }
            }
        }
    }

    /** Does nothing: it exits when asked to. */
    static class Child extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @EveryLocalBase
    void exitRequestIsDeliveredThenTheParentIsTold(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress parent = system.createActor(Parent.class);
            AllExited report = (AllExited) system.ask(parent, new Spawn(3), WAIT);
            assertEquals(3, report.count());
            assertEquals(1, system.status().actorCount());
        }
    }

    @EveryLocalBase
    void tenThousandActorsAreCreatedAndExit(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress parent = system.createActor(Parent.class);
            AllExited report = (AllExited) system.ask(parent, new Spawn(10_000), Duration.ofMinutes(2));
            assertEquals(10_000, report.count());
            assertEquals(10_000, report.children().size());
            SystemStatus status = system.status();
            assertEquals(1, status.actorCount());
            assertEquals(10_001L, status.counters().get("actorsCreated"));
            assertEquals(10_000L, status.counters().get("actorsExited"));
        }
    }

    /** Reports the ActorExitRequest it received to a witness before being destroyed. */
    static class ReportsExit extends Actor {
        private ActorAddress witness;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorAddress w) {
                witness = w;
                send(sender, "watching");
            } else if (message instanceof ActorExitRequest) {
                send(witness, "exiting " + myAddress());
            }
        }
    }

    /** Collects whatever it is sent and hands the list to whoever asks for it once it has {@code n}. */
    static class Witness extends Actor {
        private final List<Object> seen = new ArrayList<>();
        private ActorAddress asker;
        private int wanted;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Integer n) {
                asker = sender;
                wanted = n;
            } else if (!(message instanceof ActorSystemMessage)) {
                seen.add(message);
            }
            if (asker != null && seen.size() >= wanted) {
                send(asker, List.copyOf(seen));
                asker = null;
            }
        }
    }

    /** Creates one ReportsExit child on request. */
    static class Family extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorAddress witness) {
                ActorAddress child = createActor(ReportsExit.class);
                send(child, witness);
                send(sender, child);
            }
        }
    }

    @EveryLocalBase
    void childrenAreAskedToExitWithTheirParent(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress witness = system.createActor(Witness.class);
            ActorAddress family = system.createActor(Family.class);
            ActorAddress child = (ActorAddress) system.ask(family, witness, WAIT);
            system.tell(family, new ActorExitRequest());
            assertEquals(List.of("exiting " + child), system.ask(witness, 1, WAIT));
        }
    }

    /** Records, outside the system, that it received its ActorExitRequest. */
    static class RecordsExit extends Actor {
        static final Set<ActorAddress> EXITED = ConcurrentHashMap.newKeySet();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorExitRequest) {
                EXITED.add(myAddress());
            } else if ("spawn".equals(message)) {
                send(sender, createActor(RecordsExit.class));
            }
        }
    }

    @EveryLocalBase
    void shutdownDeliversActorExitRequestToEveryActor(SystemBase base) {
        RecordsExit.EXITED.clear();
        ActorSystem system = ActorSystem.builder().base(base).start();
        Set<ActorAddress> actors = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ActorAddress actor = system.createActor(RecordsExit.class);
            actors.add(actor);
            actors.add((ActorAddress) system.ask(actor, "spawn", WAIT));
        }
        system.shutdown();
        assertEquals(actors, RecordsExit.EXITED);
        assertEquals(0, system.status().actorCount());
        assertEquals(10L, system.status().counters().get("actorsExited"));
        ActorAddress any = actors.iterator().next();
        assertThrows(ActorSystemException.class, () -> system.tell(any, "after shutdown"));
        system.shutdown(); // a second call does nothing
    }

    static class Registry extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, myAddress());
        }
    }

    @EveryLocalBase
    void aGlobalNameReturnsTheExistingActorUntilItExits(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            CreateOptions named = CreateOptions.none().withGlobalName("registry");
            ActorAddress first = system.createActor(Registry.class, named);
            assertEquals(first, system.createActor(Registry.class, named));
            assertNotEquals(first, system.createActor(Registry.class));
            assertEquals(first, system.ask(first, "who?", WAIT));
            system.tell(first, new ActorExitRequest());
            // The name is free once the exit has been handled (at once in SEQUENTIAL, soon in CONCURRENT).
            await().atMost(WAIT).until(() -> !system.createActor(Registry.class, named).equals(first));
            ActorAddress second = system.createActor(Registry.class, named);
            assertNotEquals(first, second);
            assertEquals(second, system.ask(second, "who?", WAIT));
        }
    }

    /** Answers with its global name, or "none" (its child's, on "child?"); a child created with a name knows it. */
    static class NameTeller extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("child?".equals(message)) {
                send(createActor(NameTeller.class, CreateOptions.none().withGlobalName("junior")), sender);
            } else if (message instanceof ActorAddress asker) {
                send(asker, String.valueOf(globalName()));
            } else if ("name?".equals(message)) {
                send(sender, String.valueOf(globalName()));
            }
        }
    }

    @EveryLocalBase
    void anActorKnowsTheGlobalNameItWasCreatedWith(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress named = system.createActor(NameTeller.class, CreateOptions.none().withGlobalName("senior"));
            assertEquals("senior", system.ask(named, "name?", WAIT));
            assertEquals("null", system.ask(system.createActor(NameTeller.class), "name?", WAIT));
            assertEquals("junior", system.ask(named, "child?", WAIT));
        }
    }

    /** Creates the actor named "mine" from the class name it is sent, and answers with its address. */
    static class CreatesMineByName extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String className) {
                send(sender, createActor(className, CreateOptions.none().withGlobalName("mine")));
            }
        }
    }

    @EveryLocalBase
    void aLiveGlobalNameIsFoundBeforeTheClassIsResolved(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            CreateOptions mine = CreateOptions.none().withGlobalName("mine");
            ActorAddress named = system.createActor(Registry.class, mine);
            assertEquals(named, system.createActor("no.such.Class", mine));
            assertEquals(named, system.createActor(Unfinished.class, mine));
            ActorAddress creator = system.createActor(CreatesMineByName.class);
            assertEquals(named, system.ask(creator, "no.such.Class", WAIT));
            assertEquals(named, system.ask(named, "still you?", WAIT));
            system.tell(named, new ActorExitRequest());
            // Once the name is free, the class is what counts again.
            await().atMost(WAIT).until(() -> !system.createActor(Registry.class, mine).equals(named));
            system.tell(system.createActor(Registry.class, mine), new ActorExitRequest());
            await().atMost(WAIT).untilAsserted(() -> assertTrue(assertThrows(InvalidActorSpecification.class,
                    () -> system.createActor("no.such.Class", mine)).getMessage().contains("no.such.Class")));
        }
    }

    static class Busy extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("nap".equals(message)) {
                wakeupAfter(Duration.ofMillis(5), "tick");
            }
        }
    }

    @EveryLocalBase
    void shutdownLeavesNoThreadBehind(SystemBase base) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ActorSystem system = ActorSystem.builder().base(base).start();
        for (int i = 0; i < 100; i++) {
            system.tell(system.createActor(Busy.class), "nap");
        }
        system.createActor(Parent.class);
        system.shutdown();
        Set<Thread> after = new HashSet<>(Thread.getAllStackTraces().keySet());
        after.removeAll(before);
        after.removeIf(thread -> !thread.isAlive());
        assertTrue(after.isEmpty(), "threads left behind: " + after);
    }

    static class NeedsArguments extends Actor {
        NeedsArguments(String argument) {
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    abstract static class Unfinished extends Actor {
    }

    class Inner extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    static class FailsToStart extends Actor {
        FailsToStart() {
            throw new IllegalStateException("no database");
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @EveryLocalBase
    void classesThatCannotBeActorsAreRefusedWithTheReason(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            assertTrue(assertThrows(InvalidActorSpecification.class, () -> system.createActor(NeedsArguments.class))
                    .getMessage().contains("no-argument constructor"));
            assertTrue(assertThrows(InvalidActorSpecification.class, () -> system.createActor(Unfinished.class))
                    .getMessage().contains("abstract"));
            assertTrue(assertThrows(InvalidActorSpecification.class, () -> system.createActor(Inner.class))
                    .getMessage().contains("must be static"));
            assertTrue(assertThrows(InvalidActorSpecification.class,
                    () -> system.createActor("no.such.Actor", CreateOptions.none())).getMessage().contains("no.such.Actor"));
            assertTrue(assertThrows(InvalidActorSpecification.class,
                    () -> system.createActor(String.class.getName(), CreateOptions.none())).getMessage()
                    .contains("must extend " + Actor.class.getName()));
            ActorSystemException failed = assertThrows(ActorSystemException.class,
                    () -> system.createActor(FailsToStart.class));
            assertTrue(failed.getMessage().contains("no database"), failed.getMessage());
            assertEquals(0, system.status().actorCount());
        }
    }

    /**
     * Creates a FailsToStart child on "spawn" (answering with its address, and sending it a message), and answers
     * "exited?" with the child its ChildActorExited named.
     */
    static class HopefulParent extends Actor {
        private ActorAddress exited;
        private ActorAddress asker;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("spawn".equals(message)) {
                ActorAddress child = createActor(FailsToStart.class, CreateOptions.none().withGlobalName("hopeful"));
                send(child, "are you there?");
                send(sender, child);
            } else if (message instanceof ChildActorExited notice) {
                exited = notice.child();
            } else if ("exited?".equals(message)) {
                asker = sender;
            }
            if (exited != null && asker != null) {
                send(asker, exited);
                asker = null;
            }
        }
    }

    @EveryLocalBase
    void aChildWhoseConstructorThrowsExitsAtOnceAndItsParentIsTold(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress collector = system.createActor(MessagingTest.DeadLetterCollector.class);
            ActorAddress parent = system.createActor(HopefulParent.class);
            ActorAddress child = assertInstanceOf(ActorAddress.class, system.ask(parent, "spawn", WAIT));
            assertEquals(child, system.ask(parent, "exited?", WAIT));
            MessagingTest.Collected dead = assertInstanceOf(MessagingTest.Collected.class,
                    system.ask(collector, "next?", WAIT));
            assertEquals(child, dead.envelope().deadAddress());
            assertEquals("are you there?", dead.envelope().deadMessage());
            // The parent was not disturbed, and the failed child holds no global name.
            assertEquals(0L, system.status().counters().get("restarts"));
            assertEquals(0L, system.status().counters().get("poisonMessages"));
            assertEquals(2, system.status().actorCount());
            assertNotEquals(child, system.ask(parent, "spawn", WAIT));
        }
    }

    @EveryLocalBase
    void anActorIsCreatedByName(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress registry = system.createActor(Registry.class.getName(), CreateOptions.none());
            assertEquals(registry, system.ask(registry, "who?", WAIT));
        }
    }

    @Test
    void anActorCannotBeCreatedWithNew() {
        ActorSystemException e = assertThrows(ActorSystemException.class, Registry::new);
        assertTrue(e.getMessage().contains("createActor(Registry.class)"), e.getMessage());
    }
}
