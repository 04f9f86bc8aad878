package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Ports {@code thespian/test/test_simpleActor.py}: one actor, told and asked, and one that messages itself. */
class ThespianSimpleActorTest extends ConformanceTest {

    /** Greets whoever speaks to it, unless told to be silent. */
    static class Clooney extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text && !text.equals("Silence!")) {
                send(sender, "Greetings.");
            }
        }
    }

    /** Whom to answer, travelling through the actor's own mailbox. */
    record Soliloquy(ActorAddress audience, String line) {
    }

    /** Answers by way of a message to itself. */
    static class Hamlet extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Alas, poor Yorick!".equals(message)) {
                send(myAddress(), new Soliloquy(sender, "To be or not to be?"));
            } else if (message instanceof Soliloquy soliloquy && soliloquy.line().equals("To be or not to be?")) {
                send(soliloquy.audience(), "That is the question.");
            }
        }
    }

    /**
     * Ports {@code testCreateActorSystem}, {@code testSimpleActor}, {@code testSimpleActorTell} and
     * {@code testSimpleActorTellAbort}: a system starts, creates an actor, is told something and shuts down at once,
     * whether or not the actor has handled it; the greeting sent back is not lost meanwhile.
     */
    @EveryBase
    void aToldActorMayStillBeBusyWhenTheSystemShutsDown(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress clooney = system.createActor(Clooney.class);
        system.tell(clooney, "hello");
        system.shutdown();
    }

    /** Ports {@code testSimpleActorAsk}. */
    @EveryBase
    void anAskGetsTheActorsAnswer(SystemBase base) {
        ActorSystem system = system(base);
        assertEquals("Greetings.", system.ask(system.createActor(Clooney.class), "hello", WAIT));
    }

    /** Ports {@code testSimpleActorAskTimeout}: an actor that does not answer leaves the ask with nothing. */
    @EveryBase
    void anAskThatGetsNoAnswerReturnsNull(SystemBase base) {
        ActorSystem system = system(base);
        assertNull(system.ask(system.createActor(Clooney.class), "Silence!", NO_REPLY));
    }

    /** Ports {@code testSendTupleToSelf}: the asker's address travels in a message to the actor itself. */
    @EveryBase
    void anActorAnswersByWayOfAMessageToItself(SystemBase base) {
        ActorSystem system = system(base);
        assertEquals("That is the question.", system.ask(system.createActor(Hamlet.class), "Alas, poor Yorick!", WAIT));
    }
}
