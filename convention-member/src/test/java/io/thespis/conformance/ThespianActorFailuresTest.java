package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.actor.WakeupMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Ports {@code thespian/test/test_actorFailures.py}: children that cannot start, parents that replace the children
 * that exited (or do not), families several levels deep that exit from the top or the middle, failures that poison a
 * message deep in a family, and actors that fail on their exit request.
 *
 * <p>Departs from Thespian:
 * <ul>
 *   <li>asking an actor that has exited throws {@link ActorGoneException} at once, where Thespian's ask returns
 *   {@code None} after its timeout;</li>
 *   <li>an actor that fails on a message is replaced by a fresh instance, so it forgets what it held (a parent its
 *   children's addresses), where Thespian retries the same instance;</li>
 *   <li>{@code test_abrupt_child_exit} and the {@code Fatal} steps of {@code test08}, where an actor ends its own
 *   process with {@code sys.exit}, are not ported: an actor here shares its process with its system, and a host that
 *   dies is {@link ThespianMultipleActorSystemsTest}'s concern.</li>
 * </ul>
 */
class ThespianActorFailuresTest extends ConformanceTest {
    /** How long a {@link RestartParent} waits for a replacement before answering "not replaced". */
    private static final Duration MAX_REPLACEMENT_DELAY = Duration.ofMillis(350);

    /** A message for a parent's child: its son's or its daughter's. */
    sealed interface TellChild {
        Object message();
    }

    record TellSon(Object message) implements TellChild {
    }

    record TellDaughter(Object message) implements TellChild {
    }

    /**
     * A message passed down with the sender it answers. Like Thespian's, it cannot be compared: the system must never
     * compare messages.
     */
    static final class PassedMessage {
        private final Object message;
        private final ActorAddress origSender;

        PassedMessage(Object message, ActorAddress origSender) {
            this.message = message;
            this.origSender = origSender;
        }

        @Override
        public boolean equals(Object other) {
            throw new UnsupportedOperationException("PassedMessage cannot be compared");
        }

        @Override
        public int hashCode() {
            throw new UnsupportedOperationException("PassedMessage cannot be hashed");
        }
    }

    /** Passed down {@code countdown} levels, then fails the actor it reaches. */
    record BadFish(int countdown) {
    }

    /** Passed down {@code countdown} levels, then has the actor it reaches ask itself to exit. */
    record KillReq(int countdown) {
    }

    /** A parent whose son and daughter start as {@link NonStarter}s. */
    static class Parent extends Actor {
        ActorAddress son;
        ActorAddress daughter;
        private boolean poisonedChild;

        /** The class of the son, who never starts. */
        Class<? extends NonStarter> sonClass() {
            return NonStarter.class;
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof PassedMessage passed) {
                sender = passed.origSender;
                message = passed.message;
            }
            if ("have a son?".equals(message)) {
                if (son == null) {
                    son = createActor(sonClass());
                }
                send(sender, son);
            } else if ("have a daughter?".equals(message)) {
                if (daughter == null) {
                    daughter = createActor(NonStarter.class);
                }
                send(sender, daughter);
            } else if (message instanceof TellChild tell) {
                send(tell instanceof TellSon ? son : daughter, tell.message() instanceof ActorExitRequest
                        ? tell.message() : new PassedMessage(tell.message(), sender));
            } else if ("name?".equals(message)) {
                send(sender, myAddress());
            } else if (message instanceof BadFish fish) {
                if (fish.countdown() == 0) {
                    throw new IllegalStateException("BadFish value received!");
                }
                send(son != null ? son : daughter, new BadFish(fish.countdown() - 1));
            } else if (message instanceof PoisonMessage poison) {
                poisonedChild = true;
                if (poison.poisonMessage() instanceof PassedMessage passed) {
                    send(passed.origSender, "poisoned!");
                }
            } else if ("poisoned child?".equals(message)) {
                send(sender, poisonedChild);
            } else if (message instanceof KillReq kill) {
                if (kill.countdown() == 0) {
                    send(myAddress(), new ActorExitRequest());
                } else {
                    send(son != null ? son : daughter, new KillReq(kill.countdown() - 1));
                }
            }
        }
    }

    /**
     * Replaces a son that exited with another {@link NonStarter} and a daughter with a RestartParent, five times at
     * most; "wait for replacement" answers whether a child was replaced since the last {@link TellChild}.
     * (Thespian's copy also exits after 30 s, to clean up after processes killed hard; nothing here is.)
     */
    static class RestartParent extends Parent {
        private static final int MAX_CREATES = 5;
        private boolean replaced;
        private int creates;
        private ActorAddress waiter;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ChildActorExited exited) {
                if (creates < MAX_CREATES) {
                    creates++;
                    replaced = true;
                    if (exited.child().equals(son)) {
                        son = createActor(sonClass());
                    } else if (exited.child().equals(daughter)) {
                        daughter = createActor(RestartParent.class);
                    }
                    notifyRestartWaiter();
                }
            } else if ("wait for replacement".equals(message)) {
                waitForRestart(sender);
            } else if (message instanceof PassedMessage passed && "wait for replacement".equals(passed.message)) {
                waitForRestart(passed.origSender);
            } else if (message instanceof WakeupMessage) {
                notifyRestartWaiter();
            } else {
                if (message instanceof TellChild) {
                    replaced = false;
                }
                super.receiveMessage(message, sender);
            }
        }

        private void waitForRestart(ActorAddress sender) {
            if (replaced) {
                replaced = false;
                send(sender, "replaced");
            } else {
                waiter = sender;
                wakeupAfter(MAX_REPLACEMENT_DELAY, null);
            }
        }

        private void notifyRestartWaiter() {
            if (waiter != null) {
                send(waiter, replaced ? "replaced" : "not replaced");
                waiter = null;
                replaced = false;
            }
        }
    }

    /** Does not replace the children that exited. */
    static class NoRestartParent extends Parent {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ChildActorExited)) {
                super.receiveMessage(message, sender);
            }
        }
    }

    static class NonStarter extends Actor {
        NonStarter() {
            throw new IllegalStateException("This actor can never start");
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorExitRequest)) {
                send(sender, message);
            }
        }
    }

    /** A {@link NonStarter} that can only go to the member with the "nursery" capability. */
    @RequireCapability("nursery")
    static class RemoteNonStarter extends NonStarter {
    }

    /** A {@link RestartParent} whose sons go to the nursery, on another member. */
    static class RemoteRestartParent extends RestartParent {
        @Override
        Class<? extends NonStarter> sonClass() {
            return RemoteNonStarter.class;
        }
    }

    /** Fails on its exit request and on {@link BadFish}; its name turns "permanent" once a child of its exited. */
    static class Confused extends Actor {
        private String name = "dunno";

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorExitRequest || message instanceof BadFish) {
                throw new IllegalStateException("Who am I?");
            } else if ("name?".equals(message)) {
                send(sender, name);
            } else if ("subactor?".equals(message)) {
                send(sender, createActor(Confused.class));
            } else if (message instanceof ChildActorExited) {
                name = "permanent";
            }
        }
    }

    /** Outside code's view of a family: what it asks the parent reaches the member {@code depth} levels down. */
    private record Family(ActorSystem system, ActorAddress parent) {
        Object ask(int depth, Object message) {
            return system.ask(parent, wrap(depth, message), WAIT);
        }

        Object askBriefly(int depth, Object message) {
            return system.ask(parent, wrap(depth, message), NO_REPLY);
        }

        void tell(int depth, Object message) {
            system.tell(parent, wrap(depth, message));
        }

        /** Has the member {@code depth} levels down get a daughter that replaced her non-starting first self. */
        void growDaughter(int depth) {
            ask(depth, "have a daughter?");
            assertEquals("replaced", ask(depth, "wait for replacement"));
        }

        private static Object wrap(int depth, Object message) {
            Object wrapped = message;
            for (int i = 0; i < depth; i++) {
                wrapped = new TellDaughter(wrapped);
            }
            return wrapped;
        }
    }

    /** A RestartParent with a daughter, a granddaughter and a great-granddaughter, each a replaced non-starter. */
    private Family fourGenerations(SystemBase base) {
        ActorSystem system = system(base);
        Family family = new Family(system, system.createActor(RestartParent.class));
        for (int depth = 0; depth < 3; depth++) {
            family.growDaughter(depth);
        }
        for (int depth = 0; depth < 4; depth++) {
            assertInstanceOf(ActorAddress.class, family.ask(depth, "name?"));
        }
        return family;
    }

    /** Waits until {@code system} has no actor left, then checks that asking {@code gone} fails at once. */
    private static void assertAllGone(ActorSystem system, ActorAddress gone) {
        eventually(() -> system.status().actorCount() == 0);
        assertThrows(ActorGoneException.class, () -> system.ask(gone, "name?", WAIT));
    }

    /**
     * Ports {@code test01_NonStartingSystemLevelActor}: outside code's creation of an actor whose constructor fails
     * throws, which Thespian's test accepts as one of the two possible outcomes.
     */
    @EveryBase
    void anActorThatCannotStartIsRefusedToOutsideCode(SystemBase base) {
        ActorSystem system = system(base);
        assertThrows(ActorSystemException.class, () -> system.createActor(NonStarter.class));
        assertEquals(0, system.status().actorCount());
    }

    /**
     * Ports {@code test01_NonStartingSystemLevelActor} with the actor on another NETWORK member: the creation still
     * throws here.
     */
    @Test
    void anActorThatCannotStartOnAnotherMemberIsRefusedToOutsideCode() {
        List<ActorSystem> systems = convention(Map.of(), Map.of("nursery", true));
        assertThrows(ActorSystemException.class, () -> systems.get(0).createActor(RemoteNonStarter.class));
        assertEquals(0, systems.get(1).status().actorCount());
    }

    /**
     * Ports {@code test02_NonStartingSubActorWithRestarts}: a child that cannot start still has an address, its
     * parent learns that it exited and replaces it; messages to it go nowhere; the parent exits when asked.
     */
    @EveryBase
    void aSonThatCannotStartIsReplacedAndAnswersNothing(SystemBase base) {
        ActorSystem system = system(base);
        Family family = new Family(system, system.createActor(RestartParent.class));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertInstanceOf(ActorAddress.class, family.ask(0, "have a son?"));
        assertEquals("replaced", family.ask(0, "wait for replacement"));
        assertNull(family.askBriefly(0, new TellSon("name?")));
        assertEquals(family.parent(), family.ask(0, "name?"));
        family.tell(0, new ActorExitRequest());
        assertAllGone(system, family.parent());
    }

    /**
     * Ports {@code test02_NonStartingSubActorWithRestarts} with the son on another NETWORK member (as Thespian's
     * multi-process bases run it, the son in a process of his own): his parent, here, learns that he exited.
     */
    @Test
    void aSonThatCannotStartOnAnotherMemberIsReplaced() {
        List<ActorSystem> systems = convention(Map.of(), Map.of("nursery", true));
        Family family = new Family(systems.get(0), systems.get(0).createActor(RemoteRestartParent.class));
        ActorAddress son = assertInstanceOf(ActorAddress.class, family.ask(0, "have a son?"));
        assertOn(systems.get(1), son);
        assertEquals("replaced", family.ask(0, "wait for replacement"));
        assertNull(family.askBriefly(0, new TellSon("name?")));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertEquals(0, systems.get(1).status().actorCount());
    }

    /** Ports {@code test03_NonStartingSubActorWithoutRestarts}. */
    @EveryBase
    void aSonThatCannotStartAndIsNotReplacedAnswersNothing(SystemBase base) {
        ActorSystem system = system(base);
        Family family = new Family(system, system.createActor(NoRestartParent.class));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertInstanceOf(ActorAddress.class, family.ask(0, "have a son?"));
        assertNull(family.askBriefly(0, new TellSon("name?")));
        assertEquals(family.parent(), family.ask(0, "name?"));
        family.tell(0, new ActorExitRequest());
        assertAllGone(system, family.parent());
    }

    /**
     * Ports {@code test04_RestartedSubActorWithRestarts}: the daughter that replaced a non-starter answers, directly
     * and through her parent, and exits with him.
     */
    @EveryBase
    void aReplacedDaughterAnswersAndExitsWithHerParent(SystemBase base) {
        ActorSystem system = system(base);
        Family family = new Family(system, system.createActor(RestartParent.class));
        assertEquals(family.parent(), family.ask(0, "name?"));
        family.growDaughter(0);
        ActorAddress kid = assertInstanceOf(ActorAddress.class, family.ask(1, "name?"));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertEquals(kid, family.ask(1, "name?"));
        assertEquals(kid, system.ask(kid, "name?", WAIT));
        family.tell(0, new ActorExitRequest());
        assertAllGone(system, family.parent());
        assertThrows(ActorGoneException.class, () -> system.ask(kid, "name?", WAIT));
    }

    /** Ports {@code test05_RestartedSubActorWithoutRestarts}: a daughter that could not start answers nothing. */
    @EveryBase
    void aDaughterThatCannotStartAndIsNotReplacedAnswersNothing(SystemBase base) {
        ActorSystem system = system(base);
        Family family = new Family(system, system.createActor(NoRestartParent.class));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertInstanceOf(ActorAddress.class, family.ask(0, "have a daughter?"));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertNull(family.askBriefly(1, "name?"));
    }

    /** Ports {@code test06_ActorStackShutdown}: four generations exit with the eldest. */
    @EveryBase
    void fourGenerationsExitWithTheEldest(SystemBase base) {
        Family family = fourGenerations(base);
        assertEquals(4, family.system().status().actorCount());
        family.tell(0, new ActorExitRequest());
        assertAllGone(family.system(), family.parent());
    }

    /**
     * Ports {@code test07_DeepActorShutdown}: the great-granddaughter, then the granddaughter, exit when asked, and
     * each time her parent replaces her; the eldest takes all with him.
     */
    @EveryBase
    void generationsThatExitAreReplacedByTheirParents(SystemBase base) {
        Family family = fourGenerations(base);
        family.tell(3, new ActorExitRequest());
        assertEquals("replaced", family.ask(2, "wait for replacement"));
        for (int depth = 0; depth < 4; depth++) {
            assertInstanceOf(ActorAddress.class, family.ask(depth, "name?"));
        }
        family.tell(2, new ActorExitRequest());
        assertEquals("replaced", family.ask(1, "wait for replacement"));
        for (int depth = 0; depth < 3; depth++) {
            assertInstanceOf(ActorAddress.class, family.ask(depth, "name?"));
        }
        family.tell(0, new ActorExitRequest());
        assertAllGone(family.system(), family.parent());
    }

    /**
     * Ports {@code test08_DeepActorInvoluntaryTermination}, without its {@code Fatal} steps (see the class comment):
     * a message that fails the great-granddaughter twice poisons it, her parent is told and nobody is replaced or
     * renamed; a message that fails the eldest comes back to outside code.
     * Departs from Thespian: the eldest, replaced by a fresh instance when it failed, no longer knows his daughter, so
     * what is meant for her comes back as poison (Thespian's same instance still passes it on).
     */
    @EveryBase
    void aPoisonedMessageDeepInAFamilyIsToldToTheParentOfWhoFailed(SystemBase base) {
        Family family = fourGenerations(base);
        ActorAddress[] names = new ActorAddress[4];
        for (int depth = 0; depth < 4; depth++) {
            names[depth] = (ActorAddress) family.ask(depth, "name?");
            assertEquals(false, family.ask(depth, "poisoned child?"));
        }
        family.tell(0, new BadFish(3));
        eventually(() -> Boolean.TRUE.equals(family.ask(2, "poisoned child?")));
        assertEquals("not replaced", family.ask(2, "wait for replacement"));
        for (int depth = 0; depth < 4; depth++) {
            assertEquals(names[depth], family.ask(depth, "name?"));
            assertEquals(depth == 2, family.ask(depth, "poisoned child?"));
        }

        family.tell(0, new BadFish(0));
        PoisonMessage eldestFailed = assertInstanceOf(PoisonMessage.class, family.system().listen(WAIT));
        assertEquals(new BadFish(0), eldestFailed.poisonMessage());
        assertEquals(names[0], family.ask(0, "name?"));
        PoisonMessage forgotten = assertInstanceOf(PoisonMessage.class, family.ask(1, "name?"));
        assertEquals(new TellDaughter("name?"), forgotten.poisonMessage());
        assertEquals(4, family.system().status().actorCount());
        family.tell(0, new ActorExitRequest());
        assertAllGone(family.system(), family.parent());
    }

    /**
     * Ports {@code test09_DeepActorSuicideIsPermanent}: a member of the family that asks itself to exit is replaced
     * by a new one; when the daughter does so, her descendants go with her, and her replacement, who knows none of
     * them, fails on what is meant for them, which her parent reports to the asker as "poisoned!".
     */
    @EveryBase
    void membersThatAskThemselvesToExitAreReplacedWithoutTheirDescendants(SystemBase base) {
        Family family = fourGenerations(base);
        ActorAddress kid = (ActorAddress) family.ask(1, "name?");
        ActorAddress grandkid = (ActorAddress) family.ask(2, "name?");
        ActorAddress greatGrandkid = (ActorAddress) family.ask(3, "name?");

        family.tell(0, new KillReq(3));
        assertEquals("replaced", family.ask(2, "wait for replacement"));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertEquals(kid, family.ask(1, "name?"));
        assertEquals(grandkid, family.ask(2, "name?"));
        assertNotEquals(greatGrandkid, assertInstanceOf(ActorAddress.class, family.ask(3, "name?")));
        for (int depth = 0; depth < 4; depth++) {
            assertEquals(false, family.ask(depth, "poisoned child?"));
        }

        family.tell(0, new KillReq(1));
        assertEquals("replaced", family.ask(0, "wait for replacement"));
        assertEquals(family.parent(), family.ask(0, "name?"));
        assertNotEquals(kid, assertInstanceOf(ActorAddress.class, family.ask(1, "name?")));
        assertEquals("poisoned!", family.ask(2, "name?"));
        assertEquals("poisoned!", family.ask(3, "name?"));
        assertEquals(true, family.ask(0, "poisoned child?"));
        assertEquals(false, family.ask(1, "poisoned child?"));

        family.tell(0, new KillReq(0));
        assertAllGone(family.system(), family.parent());
    }

    /**
     * Ports {@code test_confused_exit}: an actor that fails on its exit request exits all the same, and its parent is
     * told.
     */
    @EveryBase
    void anActorThatFailsOnItsExitRequestExitsAllTheSame(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress confused = system.createActor(Confused.class);
        assertEquals("dunno", system.ask(confused, "name?", WAIT));
        ActorAddress confused2 = (ActorAddress) system.ask(confused, "subactor?", WAIT);
        assertEquals("dunno", system.ask(confused2, "name?", WAIT));
        system.tell(confused2, new ActorExitRequest());
        eventually(() -> "permanent".equals(system.ask(confused, "name?", WAIT)));
        system.tell(confused, new ActorExitRequest());
        assertAllGone(system, confused);
    }

    /**
     * Ports {@code test_confused_msgfail}: an actor that fails twice on an ordinary message poisons it back to its
     * sender and goes on.
     */
    @EveryBase
    void anActorThatFailsOnAMessagePoisonsItAndGoesOn(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress confused = system.createActor(Confused.class);
        assertEquals("dunno", system.ask(confused, "name?", WAIT));
        ActorAddress confused2 = (ActorAddress) system.ask(confused, "subactor?", WAIT);
        assertEquals("dunno", system.ask(confused2, "name?", WAIT));
        system.tell(confused2, new BadFish(1));
        assertEquals(new BadFish(1), assertInstanceOf(PoisonMessage.class, system.listen(WAIT)).poisonMessage());
        assertEquals("dunno", system.ask(confused, "name?", WAIT));
        assertEquals("dunno", system.ask(confused2, "name?", WAIT));
        system.tell(confused, new ActorExitRequest());
        assertAllGone(system, confused);
    }
}
