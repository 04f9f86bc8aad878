package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.SystemBase;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Ports {@code thespian/test/test_globalName.py}: creating with a global name returns the live actor of that name,
 * whoever created it (outside code or an actor) and whatever class is asked for, even one that does not exist; an
 * actor knows its global name; the name ends with its actor.
 */
class ThespianGlobalNameTest extends ConformanceTest {
    private static final CreateOptions ONLY_ONE = CreateOptions.none().withGlobalName("OnlyOne");
    private static final String NO_UPDATE = "no update";

    static class ThereCanBeOnlyOne extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorSystemMessage)) {
                send(sender, "ONE: " + message);
            }
        }
    }

    /** Answers with its global name, empty when it has none (a message cannot be {@code null}). */
    static class GlobalNameReporter extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String) {
                send(sender, Optional.ofNullable(globalName()));
            }
        }
    }

    /**
     * Creates plain children and the child named "OnlyOne", which it greets twice; keeps the answers for "Checking".
     */
    static class Parent extends Actor {
        private final Queue<String> updates = new ArrayDeque<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof String text)) {
                return;
            }
            if (text.equals("newChild")) {
                send(sender, createActor(Parent.class));
            } else if (text.equals("newGlobalChild")) {
                ActorAddress child = createActor(ThereCanBeOnlyOne.class, ONLY_ONE);
                send(sender, child);
                send(child, "hi");
                send(child, "ho");
            } else if (text.startsWith("ONE: ")) {
                updates.add(text);
            } else if (text.equals("Checking")) {
                send(sender, updates.isEmpty() ? NO_UPDATE : updates.remove());
            } else {
                send(sender, "PARENT: " + text);
            }
        }
    }

    private static Object nextUpdate(ActorSystem system, ActorAddress parent) {
        Object[] update = new Object[1];
        eventually(() -> !NO_UPDATE.equals(update[0] = system.ask(parent, "Checking", WAIT)));
        return update[0];
    }

    /** Ports {@code testPrimarySingletons}: outside code's creations by name, another name, and no name. */
    @EveryBase
    void aGlobalNameNamesOneActor(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress one = system.createActor(ThereCanBeOnlyOne.class, ONLY_ONE);
        assertEquals("ONE: yes", system.ask(one, "yes", WAIT));
        ActorAddress uno = system.createActor(ThereCanBeOnlyOne.class, ONLY_ONE);
        assertEquals(one, uno);
        assertEquals(one.toString(), uno.toString());
        assertEquals("ONE: end", system.ask(uno, "end", WAIT));

        ActorAddress dos = system.createActor(ThereCanBeOnlyOne.class,
                CreateOptions.none().withGlobalName("not the one"));
        assertNotEquals(one, dos);
        assertEquals("ONE: time", system.ask(uno, "time", WAIT));
        assertEquals("ONE: day", system.ask(dos, "day", WAIT));

        ActorAddress tres = system.createActor(ThereCanBeOnlyOne.class);
        assertNotEquals(uno, tres);
        assertNotEquals(dos, tres);
        assertEquals("ONE: year", system.ask(uno, "year", WAIT));
        assertEquals("ONE: of these days", system.ask(dos, "of these days", WAIT));
        assertEquals("ONE: Alice!", system.ask(tres, "Alice!", WAIT));
    }

    /**
     * Ports {@code testSubActorsSingletons}: an actor creating the named child twice gets the same one, whose answers
     * to the messages it was sent right after its creation all come back in order.
     */
    @EveryBase
    void anActorCreatingANamedChildTwiceGetsTheSameOne(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress pa = system.createActor(Parent.class);
        assertEquals("PARENT: me", system.ask(pa, "me", WAIT));
        ActorAddress subUno = assertInstanceOf(ActorAddress.class, system.ask(pa, "newGlobalChild", WAIT));
        assertNotEquals(pa, subUno);
        assertEquals("PARENT: me", system.ask(pa, "me", WAIT));
        assertEquals("ONE: me", system.ask(subUno, "me", WAIT));

        ActorAddress subDos = assertInstanceOf(ActorAddress.class, system.ask(pa, "newGlobalChild", WAIT));
        assertEquals(subUno, subDos);
        assertEquals("ONE: again", system.ask(subDos, "again", WAIT));

        ActorAddress subTres = assertInstanceOf(ActorAddress.class, system.ask(pa, "newChild", WAIT));
        assertNotEquals(subUno, subTres);
        assertEquals("PARENT: not me", system.ask(subTres, "not me", WAIT));
        assertEquals("ONE: me", system.ask(subUno, "me", WAIT));

        assertEquals("ONE: hi", nextUpdate(system, pa));
        assertEquals("ONE: ho", nextUpdate(system, pa));
        assertEquals("ONE: hi", nextUpdate(system, pa));
        assertEquals("ONE: ho", nextUpdate(system, pa));
    }

    /**
     * Ports {@code testPrimaryAndSubActorSingletons}: outside code asking for the name an actor's child holds gets that
     * child, though it asks for another class.
     */
    @EveryBase
    void outsideCodeGetsTheNamedChildOfAnActor(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress pa = system.createActor(Parent.class);
        ActorAddress subUno = (ActorAddress) system.ask(pa, "newGlobalChild", WAIT);
        ActorAddress dos = system.createActor(Parent.class, ONLY_ONE);
        assertEquals(subUno, dos);
        assertEquals("ONE: check", system.ask(subUno, "check", WAIT));
        assertEquals("ONE: balance", system.ask(dos, "balance", WAIT));
    }

    /** Ports {@code testSubActorAndPrimarySingletons}: an actor asking for a name outside code created gets it. */
    @EveryBase
    void anActorGetsTheNamedActorOfOutsideCode(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress pa = system.createActor(Parent.class);
        ActorAddress uno = system.createActor(ThereCanBeOnlyOne.class, ONLY_ONE);
        assertEquals(uno, system.ask(pa, "newGlobalChild", WAIT));
        assertEquals("ONE: check", system.ask(uno, "check", WAIT));
    }

    /**
     * Ports {@code testGlobalNameInInstance}: an actor knows its global name. Departs from Thespian: one without a name
     * answers {@code Optional.empty()}, since a message cannot be {@code null} (Thespian sends {@code None}).
     */
    @EveryBase
    void anActorKnowsItsGlobalName(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress named = system.createActor(GlobalNameReporter.class,
                CreateOptions.none().withGlobalName("MyName"));
        assertEquals(Optional.of("MyName"), system.ask(named, "", WAIT));
        ActorAddress unnamed = system.createActor(GlobalNameReporter.class);
        assertEquals(Optional.empty(), system.ask(unnamed, "", WAIT));
    }

    /**
     * Ports {@code testGlobalNameOverridesClass}: the live actor of a name is returned even for a class that does not
     * exist, and the name goes with its actor. Departs from Thespian: asking the exited actor throws
     * {@link ActorGoneException} at once (Thespian's ask returns {@code None} after its timeout).
     */
    @EveryBase
    void aGlobalNameOverridesTheClassUntilItsActorExits(SystemBase base) {
        ActorSystem system = system(base);
        CreateOptions mine = CreateOptions.none().withGlobalName("mine");
        ActorAddress named = system.createActor(ThereCanBeOnlyOne.class, mine);
        assertEquals("ONE: running", system.ask(named, "running", WAIT));
        ActorAddress referenced = system.createActor("This.is.bogus", mine);
        assertEquals(named, referenced);
        assertEquals("ONE: still running", system.ask(named, "still running", WAIT));
        assertEquals("ONE: the same", system.ask(referenced, "the same", WAIT));
        system.tell(referenced, new ActorExitRequest());
        eventually(() -> system.status().actorCount() == 0);
        assertThrows(ActorGoneException.class, () -> system.ask(named, "ok?", WAIT));
        assertThrows(ActorGoneException.class, () -> system.ask(referenced, "hello?", WAIT));
    }
}
