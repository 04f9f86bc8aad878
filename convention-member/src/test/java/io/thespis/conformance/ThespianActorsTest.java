package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_actors.py}: top-level actors and a child exchanging sequences of messages (Romeo,
 * Juliet and the Nurse), unique and readable addresses, and a system shut down twice.
 */
class ThespianActorsTest extends ConformanceTest {
    private static final String WHEREFORE = "O Romeo, Romeo! wherefore art thou Romeo?";
    private static final String SHALL_I = "Shall I hear more, or shall I speak at this?";

    /** Ignores everything, as Thespian's Actor does when receiveMessage is not overridden. */
    static class Rosaline extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Tells Romeo where Juliet is. */
    record JulietAppears(ActorAddress juliet) {
    }

    /** Has the Nurse start the scene between the two. */
    record Begin(ActorAddress romeo, ActorAddress juliet) {
    }

    static class Romeo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof JulietAppears appears) {
                send(appears.juliet(), "But, soft! what light through yonder window breaks?");
            } else if (!(message instanceof String line)) {
                return; // an ActorExitRequest: nothing special, just die
            } else if (line.equals("Ay me!")) {
                send(sender, "She speaks!");
            } else if (line.equals(WHEREFORE)) {
                send(sender, SHALL_I);
            } else if (line.contains("sweet")) {
                send(sender, "Like softest music to attending ears!");
            } else if (line.equals("who_are_you")) {
                send(sender, myAddress());
            }
            // "rose": he waits for the rest; anything else: he sits and swoons.
        }
    }

    static class Capulet extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("has a daughter?".equals(message)) {
                send(sender, createActor(Juliet.class));
            }
        }
    }

    static class Juliet extends Actor {
        private ActorAddress nurse;
        private boolean recalled;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof String line)) {
                return;
            }
            if (line.contains("what light")) {
                send(sender, "Ay me!");
            } else if (line.equals("She speaks!")) {
                send(sender, WHEREFORE);
            } else if (line.equals(SHALL_I)) {
                send(sender, "What's in a name? That which we call a rose");
                send(sender, "By any other name would smell as sweet");
            } else if (line.equals("Like softest music to attending ears!")) {
                if (nurse != null) {
                    send(nurse, "Anon, good nurse!");
                } else {
                    recalled = true;
                }
            } else if (line.equals("Mistress!")) {
                nurse = sender;
                if (recalled) {
                    send(nurse, "Anon, good nurse!");
                }
            } else if (line.equals("who_are_you")) {
                send(sender, myAddress());
            }
        }
    }

    static class Nurse extends Actor {
        private boolean heardItAll;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Begin begin) {
                send(begin.romeo(), new JulietAppears(begin.juliet()));
                send(begin.juliet(), "Mistress!");
            } else if ("Anon, good nurse!".equals(message)) {
                heardItAll = true;
            } else if ("done?".equals(message)) {
                send(sender, heardItAll ? "Fini" : "not yet");
            }
        }
    }

    /** Ports {@code test01_ActorSystemStartupShutdown} and {@code test01_1_ActorSystemMultipleShutdown}. */
    @EveryBase
    void aSystemWithAnActorShutsDownAndAgain(SystemBase base) {
        ActorSystem system = system(base);
        system.createActor(Rosaline.class);
        system.shutdown();
        system.shutdown();
    }

    /**
     * Ports {@code test02_PrimaryActorCreation}, {@code test03_CreateActorUniqueAddress} and
     * {@code test05_ManyActorsUniqueAddress}.
     */
    @EveryBase
    void everyActorGetsAnAddressOfItsOwn(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        ActorAddress juliet = system.createActor(Juliet.class);
        ActorAddress romeo2 = system.createActor(Romeo.class);
        assertEquals(3, Set.of(romeo, juliet, romeo2).size());
        Set<ActorAddress> many = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> many.add(system.createActor(Juliet.class)));
        assertEquals(50, many.size());
    }

    /**
     * Ports {@code test06_ManyActorsValidAddresses}: every address prints as plain characters. Departs from Thespian:
     * its character set ({@code letters digits -~/():., '|>}) gains {@code @} (local system ids are
     * {@code local-N@pid}) and {@code #} (before the actor's number); an address is equal to one rebuilt from its
     * parts, as it is decoded on another host.
     */
    @EveryBase
    void addressesPrintAsPlainCharactersAndAreValues(SystemBase base) {
        ActorSystem system = system(base);
        for (int i = 0; i < 100; i++) {
            ActorAddress address = system.createActor(Juliet.class);
            assertTrue(address.toString().matches("ActorAddr-\\([A-Za-z0-9.:/@#\\-]+\\)"), address.toString());
            assertEquals(address, ActorAddress.of(address.system(), address.actorId()));
        }
    }

    /**
     * Ports {@code test07_SingleNonListeningActorTell} and {@code test08_SingleActorTell}: telling actors that do not
     * answer raises nothing and sends nothing back.
     */
    @EveryBase
    void tellingActorsThatDoNotAnswer(SystemBase base) {
        ActorSystem system = system(base);
        system.tell(system.createActor(Rosaline.class), "hello");
        system.tell(system.createActor(Romeo.class), "hello");
        assertNull(system.listen(NO_REPLY));
    }

    /** Ports {@code test09_SingleActorAsk} and {@code test11_SingleActorAskMultipleTimes}. */
    @EveryBase
    void oneActorAskedManyTimes(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
        assertEquals("She speaks!", system.ask(romeo, "Ay me!", WAIT));
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
    }

    /** Ports {@code test10_ActorAskWithNoResponse}: an ask left unanswered, and the actor still answers after. */
    @EveryBase
    void anUnansweredAskLeavesTheActorWorking(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        assertNull(system.ask(romeo, "What's in a name? That which we call a rose", NO_REPLY));
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
    }

    /** Ports {@code test12_MultipleActorsAskMultipleTimes}. */
    @EveryBase
    void twoActorsAskedInTurn(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
        ActorAddress juliet = system.createActor(Juliet.class);
        assertEquals(SHALL_I, system.ask(romeo, WHEREFORE, WAIT));
        assertEquals("She speaks!", system.ask(romeo, "Ay me!", WAIT));
        assertEquals(WHEREFORE, system.ask(juliet, "She speaks!", WAIT));
        assertEquals("She speaks!", system.ask(romeo, "Ay me!", WAIT));
        assertEquals("Ay me!", system.ask(juliet, "Do you know what light that is?", WAIT));
    }

    /** Ports {@code test13_SubActorCreation}: a child's address is sent back, and the child answers. */
    @EveryBase
    void aChildsAddressIsSentBackAndItAnswers(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress capulet = system.createActor(Capulet.class);
        ActorAddress juliet = assertInstanceOf(ActorAddress.class, system.ask(capulet, "has a daughter?", WAIT));
        assertEquals("Ay me!", system.ask(juliet, "what light?", WAIT));
        ActorAddress juliet2 = assertInstanceOf(ActorAddress.class, system.ask(capulet, "has a daughter?", WAIT));
        assertNotEquals(juliet, juliet2);
        assertEquals("Ay me!", system.ask(juliet2, "what light?", WAIT));
        assertEquals("Ay me!", system.ask(juliet, "what light?", WAIT));
    }

    /** Ports {@code test14_EntireActWithActorStart}: the whole scene plays out among three actors. */
    @EveryBase
    void theWholeScenePlaysOut(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        ActorAddress juliet = system.createActor(Juliet.class);
        ActorAddress nurse = system.createActor(Nurse.class);
        assertEquals("not yet", system.ask(nurse, "done?", WAIT));
        system.tell(nurse, new Begin(romeo, juliet));
        eventually(() -> "Fini".equals(system.ask(nurse, "done?", WAIT)));
    }

    /**
     * Ports {@code test15_IncompleteActMissingActor}: the scene runs without the Nurse, who is created afterwards and
     * still hears its end.
     */
    @EveryBase
    void theSceneWaitsForTheNurse(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress romeo = system.createActor(Romeo.class);
        ActorAddress juliet = system.createActor(Juliet.class);
        system.tell(romeo, new JulietAppears(juliet));
        ActorAddress nurse = system.createActor(Nurse.class);
        assertEquals("not yet", system.ask(nurse, "done?", WAIT));
        system.tell(nurse, new Begin(romeo, juliet));
        eventually(() -> "Fini".equals(system.ask(nurse, "done?", WAIT)));
    }

    /** Ports {@code test16_ActorProperties}: an actor's own address is the one its creator got. */
    @EveryBase
    void anActorsOwnAddressIsTheOneItsCreatorGot(SystemBase base) {
        ActorSystem system = system(base);
        List<ActorAddress> actors = List.of(system.createActor(Romeo.class), system.createActor(Juliet.class));
        for (ActorAddress actor : actors) {
            assertEquals(actor, system.ask(actor, "who_are_you", WAIT));
        }
    }
}
