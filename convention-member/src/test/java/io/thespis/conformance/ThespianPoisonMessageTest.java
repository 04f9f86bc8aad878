package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.SystemBase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_poisonMessage.py}: a message that makes an actor fail twice comes back to its
 * sender, an actor or outside code, as a {@link PoisonMessage}, and the actor goes on with its next message.
 */
class ThespianPoisonMessageTest extends ConformanceTest {

    /** Says the recorder saw a poison message from the poisoned actor itself, which must never happen. */
    record PoisonMostFoul(String why) {
    }

    /** Counts the poison messages reported to it. */
    static class PoisonCounter extends Actor {
        private int poisoned;
        private String failed;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Count?".equals(message)) {
                send(sender, failed != null ? failed : poisoned);
            } else if ("Poisoned".equals(message)) {
                poisoned++;
            } else if (message instanceof PoisonMostFoul foul) {
                failed = foul.why();
            }
        }
    }

    /**
     * Given a number below 3, creates another of its kind and sends it the next number; fails on 3. Reports the
     * poison messages it gets back to its recorder.
     */
    static class PoisonTestActor extends Actor {
        private ActorAddress recorder;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof PoisonMessage) {
                send(recorder, sender.equals(myAddress()) ? new PoisonMostFoul("Got PoisonMessage from self!")
                        : "Poisoned");
            } else if (message instanceof ActorAddress address) {
                recorder = address;
            } else if (message instanceof Integer number) {
                if (number == 3) {
                    throw new IllegalArgumentException("Yucky number 3");
                }
                ActorAddress next = createActor(PoisonTestActor.class);
                send(next, recorder);
                send(next, number + 1);
            } else if ("Hello".equals(message)) {
                send(sender, "hi");
            }
        }
    }

    /** Greets; on "Aside", sends to an address that is not one. */
    static class Dummy extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Aside".equals(message)) {
                send(null, "hello");
            } else if (!"Silence!".equals(message)) {
                send(sender, "Greetings.");
            }
        }
    }

    private static ActorAddress poisonTester(ActorSystem system, ActorAddress counter) {
        ActorAddress tester = system.createActor(PoisonTestActor.class);
        system.tell(tester, counter);
        assertEquals(0, system.ask(counter, "Count?", WAIT));
        return tester;
    }

    private static void awaitCount(ActorSystem system, ActorAddress counter, int count) {
        eventually(() -> Integer.valueOf(count).equals(system.ask(counter, "Count?", WAIT)));
    }

    private static void assertPoisonedBy3(Object message) {
        PoisonMessage poison = assertInstanceOf(PoisonMessage.class, message);
        assertEquals(3, poison.poisonMessage());
        assertTrue(poison.details().contains("Yucky number 3"), poison.details());
    }

    /**
     * Ports {@code testBadNews} and {@code testLevel1}: the third of a chain of actors fails on its number, and the
     * second, which sent it, gets it back as poison, once per chain.
     */
    @EveryBase
    void theActorThatSentTheFailingMessageGetsItBack(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress counter = system.createActor(PoisonCounter.class);
        ActorAddress tester = poisonTester(system, counter);
        system.tell(tester, 1);
        awaitCount(system, counter, 1);
        system.tell(tester, 1);
        system.tell(tester, 1);
        awaitCount(system, counter, 3);
        system.tell(tester, new ActorExitRequest());
    }

    /** Ports {@code testLevel2}: the failing actor's creator is told, as often as it happens. */
    @EveryBase
    void theCreatorOfTheFailingActorIsToldEachTime(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress counter = system.createActor(PoisonCounter.class);
        ActorAddress tester = poisonTester(system, counter);
        system.tell(tester, 2);
        awaitCount(system, counter, 1);
        system.tell(tester, 2);
        system.tell(tester, 2);
        awaitCount(system, counter, 3);
    }

    /**
     * Ports {@code testLevel3tell}: outside code that told the failing message gets the poison through listen, with
     * the failure in its details, and the actor answers afterwards.
     */
    @EveryBase
    void poisonForATellReachesListen(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress counter = system.createActor(PoisonCounter.class);
        ActorAddress tester = poisonTester(system, counter);
        assertEquals("hi", system.ask(tester, "Hello", WAIT));
        system.tell(tester, 3);
        assertPoisonedBy3(system.listen(WAIT));
        assertEquals(0, system.ask(counter, "Count?", WAIT));
        assertEquals("hi", system.ask(tester, "Hello", WAIT));
        system.tell(tester, 3);
        system.tell(tester, 3);
        assertPoisonedBy3(system.listen(WAIT));
        assertPoisonedBy3(system.listen(WAIT));
        assertEquals(0, system.ask(counter, "Count?", WAIT));
        assertEquals("hi", system.ask(tester, "Hello", WAIT));
    }

    /** Ports {@code testLevel3ask}: the poison answers the ask that sent the failing message. */
    @EveryBase
    void poisonAnswersTheAsk(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress counter = system.createActor(PoisonCounter.class);
        ActorAddress tester = poisonTester(system, counter);
        assertEquals("hi", system.ask(tester, "Hello", WAIT));
        assertPoisonedBy3(system.ask(tester, 3, WAIT));
        assertEquals(0, system.ask(counter, "Count?", WAIT));
        assertEquals("hi", system.ask(tester, "Hello", WAIT));
        assertPoisonedBy3(system.ask(tester, 3, WAIT));
        assertPoisonedBy3(system.ask(tester, 3, WAIT));
        assertEquals(0, system.ask(counter, "Count?", WAIT));
        assertNull(system.listen(NO_REPLY));
    }

    /**
     * Ports {@code testUseBadAddressInActorGetsReturnedAsPoison}: sending to something that is not an address makes
     * the message that caused it poison. Departs from Thespian: addresses are typed, so the only such target is
     * {@code null}, refused with {@link IllegalArgumentException} (Thespian's details name
     * {@code InvalidActorAddress}, for the string {@code 'Audience'}).
     */
    @EveryBase
    void sendingToANonAddressPoisonsTheMessageThatCausedIt(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress dummy = system.createActor(Dummy.class);
        PoisonMessage poison = assertInstanceOf(PoisonMessage.class, system.ask(dummy, "Aside", WAIT));
        assertEquals("Aside", poison.poisonMessage());
        assertTrue(poison.details().contains("IllegalArgumentException: cannot send to a null address"),
                poison.details());
        assertEquals("Greetings.", system.ask(dummy, "hello", WAIT));
    }
}
