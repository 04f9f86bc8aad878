package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_actorSysAPI.py}: outside code's {@code tell}, {@code ask} and {@code listen}, and
 * that any message sent to outside code counts as a response, whoever sends it.
 */
class ThespianActorSysApiTest extends ConformanceTest {

    /** Answers "Hey!" unless told to be silent. */
    static class Larry extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text && !text.equals("Silence!")) {
                send(sender, "Hey!");
            }
        }
    }

    /** Never answers. */
    static class Mo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Answers twice. */
    static class Curly extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String) {
                send(sender, "Wise guy, eh?");
                send(sender, "Pow!");
            }
        }
    }

    /** Ports {@code testTell}: telling an actor that never answers. */
    @EveryBase
    void tellingAnActorThatNeverAnswers(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress mo = system.createActor(Mo.class);
        system.tell(mo, "hello");
        system.tell(mo, "goodbye");
        assertNull(system.listen(NO_REPLY));
    }

    /** Ports {@code testAsk}. */
    @EveryBase
    void anAskReturnsTheAnswerOrNull(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress larry = system.createActor(Larry.class);
        assertEquals("Hey!", system.ask(larry, "hello", WAIT));
        assertNull(system.ask(larry, "Silence!", NO_REPLY));
    }

    /** Ports {@code testListen}: the second of two answers to an ask is returned by listen. */
    @EveryBase
    void theAnswerAfterTheFirstIsReturnedByListen(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress curly = system.createActor(Curly.class);
        assertEquals("Wise guy, eh?", system.ask(curly, "hello", WAIT));
        assertEquals("Pow!", system.listen(WAIT));
    }

    /** Ports {@code testAskIsTellPlusListen}. */
    @EveryBase
    void anAskIsATellAndAListen(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress larry = system.createActor(Larry.class);
        assertEquals("Hey!", system.ask(larry, "hello", WAIT));
        assertNull(system.listen(NO_REPLY));
        system.tell(larry, "hello");
        assertEquals("Hey!", system.listen(WAIT));
        assertNull(system.listen(NO_REPLY));
    }

    /**
     * Ports {@code testResponsesFromAnywhere}: the answers to two tells and an ask all reach outside code, the first
     * to come as the ask's reply, the others through listen, in whatever order the actors answer.
     */
    @EveryBase
    void responsesFromAnyActorReachOutsideCode(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress larry = system.createActor(Larry.class);
        ActorAddress mo = system.createActor(Mo.class);
        ActorAddress curly = system.createActor(Curly.class);
        system.tell(curly, "hello");
        system.tell(mo, "hello");
        List<Object> responses = new ArrayList<>();
        responses.add(system.ask(larry, "hello", WAIT));
        responses.add(system.listen(WAIT));
        responses.add(system.listen(WAIT));
        assertTrue(responses.containsAll(List.of("Wise guy, eh?", "Pow!", "Hey!")), responses.toString());
        assertNull(system.listen(NO_REPLY));
    }
}
