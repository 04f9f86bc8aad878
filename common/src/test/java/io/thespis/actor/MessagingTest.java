package io.thespis.actor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    static class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorSystemMessage)) {
                send(sender, message);
            }
        }
    }

    static class Silent extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Replies twice: the first reply answers the ask, the second must reach listen. */
    static class Chatty extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "first");
            send(sender, "second");
        }
    }

    record Forward(ActorAddress replyTo, Object message) {
    }

    /** Has a child answer for it: any message sent back to the asker counts as the reply. */
    static class Relay extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (!(message instanceof ActorSystemMessage)) {
                send(createActor(Answerer.class), new Forward(sender, message));
            }
        }
    }

    static class Answerer extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Forward forward) {
                send(forward.replyTo(), "answered: " + forward.message());
            }
        }
    }

    @EveryLocalBase
    void askReturnsTheReply(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress echo = system.createActor(Echo.class);
            assertEquals("ping", system.ask(echo, "ping", WAIT));
        }
    }

    @EveryLocalBase
    void askReturnsNullOnTimeout(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress silent = system.createActor(Silent.class);
            assertNull(system.ask(silent, "anyone?", Duration.ofMillis(50)));
        }
    }

    @EveryLocalBase
    void aReplyFromAnotherActorCountsAsTheReply(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress relay = system.createActor(Relay.class);
            assertEquals("answered: hop", system.ask(relay, "hop", WAIT));
        }
    }

    @EveryLocalBase
    void tellThenListenAndLateRepliesAreNotLost(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress chatty = system.createActor(Chatty.class);
            assertEquals("first", system.ask(chatty, "talk", WAIT));
            assertEquals("second", system.listen(WAIT));
            system.tell(chatty, "again");
            assertEquals("first", system.listen(WAIT));
            assertEquals("second", system.listen(WAIT));
            assertNull(system.listen(Duration.ofMillis(20)));
        }
    }

    /**
     * Keeps the sender of "hold" and answers it on "release": with the address as it came, or with a copy made
     * from its parts, as a reply from an actor on another system arrives.
     */
    static class Holder extends Actor {
        private ActorAddress held;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("hold".equals(message)) {
                held = sender;
            } else if ("hold a copy".equals(message)) {
                held = ActorAddress.of(sender.system(), sender.actorId());
            } else if ("release".equals(message)) {
                send(held, "late");
            }
        }
    }

    @EveryLocalBase
    void aReplyAfterTheAskEndedReachesListenHoweverItsAddressTravelled(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            for (String hold : List.of("hold", "hold a copy")) {
                ActorAddress holder = system.createActor(Holder.class);
                assertNull(system.ask(holder, hold, Duration.ofMillis(20)));
                system.tell(holder, "release");
                assertEquals("late", system.listen(WAIT), hold);
            }
            assertEquals(0L, system.status().counters().get("deadLetters"));
        }
    }

    /** Sends the system's own messages back before its answer; a PoisonMessage when asked for one. */
    static class SendsSystemMessagesFirst extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("go".equals(message)) {
                for (Object system : List.of(new WakeupMessage(Duration.ZERO, "tick"), new ActorExitRequest(),
                        new ChildActorExited(myAddress()), new DeadEnvelope(myAddress(), "lost", "test"),
                        new ActorSystemConventionUpdate("10.0.0.2:1900", Map.of(), true),
                        new ValidatedSource("abc", true, "fine"),
                        new PoisonMessage(new ActorExitRequest(), "wrapped"))) {
                    send(sender, system);
                }
                send(sender, "the answer");
            } else if ("poison".equals(message)) {
                send(sender, new PoisonMessage("poison", "as asked"));
            }
        }
    }

    @EveryLocalBase
    void askAndListenSkipTheSystemsOwnMessagesButNotPoison(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress actor = system.createActor(SendsSystemMessagesFirst.class);
            assertEquals("the answer", system.ask(actor, "go", WAIT));
            assertEquals(new PoisonMessage("poison", "as asked"), system.ask(actor, "poison", WAIT));
            system.tell(actor, "go");
            assertEquals("the answer", system.listen(WAIT));
            assertNull(system.listen(Duration.ofMillis(20)), "the skipped messages are dropped, not kept");
            assertEquals(0L, system.status().counters().get("deadLetters"));
        }
    }

    @EveryLocalBase
    void askAsyncCompletesWithTheReplyOrNull(SystemBase base) throws Exception {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress echo = system.createActor(Echo.class);
            ActorAddress silent = system.createActor(Silent.class);
            assertEquals("async", system.askAsync(echo, "async", WAIT).get(30, TimeUnit.SECONDS));
            assertNull(system.askAsync(silent, "nobody", Duration.ofMillis(30)).get(30, TimeUnit.SECONDS));
        }
    }

    @EveryLocalBase
    void nullMessagesAndAddressesAreRefusedAtTheSender(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress echo = system.createActor(Echo.class);
            assertThrows(IllegalArgumentException.class, () -> system.tell(echo, null));
            assertThrows(IllegalArgumentException.class, () -> system.tell(null, "x"));
            assertThrows(IllegalArgumentException.class, () -> system.ask(echo, "x", Duration.ofSeconds(-1)));
        }
    }

    record Numbered(int sender, int sequence) {
    }

    record Burst(ActorAddress target, int sender, int count) {
    }

    record ReportWhen(int total) {
    }

    record Report(int received, int outOfOrder) {
    }

    static class Sender extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Burst burst) {
                for (int i = 0; i < burst.count(); i++) {
                    send(burst.target(), new Numbered(burst.sender(), i));
                }
            }
        }
    }

    /** Counts messages and those that arrived out of order per sender; reports once all arrived. */
    static class OrderChecker extends Actor {
        private final Map<Integer, Integer> nextExpected = new HashMap<>();
        private int received;
        private int outOfOrder;
        private ReportWhen pending;
        private ActorAddress reportTo;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Numbered numbered) {
                int expected = nextExpected.getOrDefault(numbered.sender(), 0);
                if (numbered.sequence() != expected) {
                    outOfOrder++;
                }
                nextExpected.put(numbered.sender(), numbered.sequence() + 1);
                received++;
            } else if (message instanceof ReportWhen when) {
                pending = when;
                reportTo = sender;
            }
            if (pending != null && received >= pending.total()) {
                send(reportTo, new Report(received, outOfOrder));
                pending = null;
            }
        }
    }

    @EveryLocalBase
    void fourSendersOf100000MessagesEachArriveInOrder(SystemBase base) {
        int senders = 4;
        int perSender = 100_000;
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress checker = system.createActor(OrderChecker.class);
            for (int s = 0; s < senders; s++) {
                system.tell(system.createActor(Sender.class), new Burst(checker, s, perSender));
            }
            Object report = system.ask(checker, new ReportWhen(senders * perSender), Duration.ofMinutes(2));
            assertEquals(new Report(senders * perSender, 0), report);
            // Handled messages are added to the counter at the end of each turn, after the report was sent.
            await().atMost(WAIT).until(() -> system.status().counters().get("messagesDelivered") >= senders * perSender);
        }
    }

    /** A dead letter as reported to outside code, which does not receive the system's own messages. */
    record Collected(DeadEnvelope envelope) {
    }

    /** Answers "next?" with the oldest dead letter not yet reported, as soon as there is one. */
    static class DeadLetterCollector extends Actor {
        private final ArrayDeque<DeadEnvelope> dead = new ArrayDeque<>();
        private ActorAddress asker;

        DeadLetterCollector() {
            handleDeadLetters(true);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof DeadEnvelope envelope) {
                dead.add(envelope);
            } else if ("next?".equals(message)) {
                asker = sender;
            }
            if (!dead.isEmpty() && asker != null) {
                send(asker, new Collected(dead.poll()));
                asker = null;
            }
        }
    }

    @EveryLocalBase
    void messagesToAGoneActorBecomeDeadEnvelopes(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress collector = system.createActor(DeadLetterCollector.class);
            ActorAddress doomed = system.createActor(Echo.class);
            system.tell(doomed, new ActorExitRequest());
            assertThrows(ActorGoneException.class, () -> system.ask(doomed, "are you there?", WAIT));
            DeadEnvelope dead = nextDeadLetter(system, collector);
            assertEquals(doomed, dead.deadAddress());
            assertEquals("are you there?", dead.deadMessage());
            assertEquals(1L, system.status().counters().get("deadLetters"));
        }
    }

    /** What {@link LastWordsRecorder}s received, by the token in the message. */
    static final Queue<Object> LAST_WORDS_DEAD = new ConcurrentLinkedQueue<>();

    /** The dead-letter handler; records what reaches it outside the system, which will be gone when it is read. */
    static class LastWordsRecorder extends Actor {
        LastWordsRecorder() {
            handleDeadLetters(true);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof DeadEnvelope envelope) {
                LAST_WORDS_DEAD.add(envelope.deadMessage());
            } else {
                send(sender, message);
            }
        }
    }

    /** Told where its last words go; says them when asked to exit. */
    record LastWords(ActorAddress to, String words) {
    }

    static class LastWordsSayer extends Actor {
        private LastWords lastWords;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof LastWords told) {
                lastWords = told;
                send(sender, "ready");
            } else if (message instanceof ActorExitRequest && lastWords != null) {
                send(lastWords.to(), lastWords.words());
            }
        }
    }

    @EveryLocalBase
    void whatActorsSendOnTheirWayOutAtShutdownStillReachesTheDeadLetterHandlerWhichExitsLast(SystemBase base) {
        String run = base + "-" + System.nanoTime();
        List<String> said = new ArrayList<>();
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress recorder = system.createActor(LastWordsRecorder.class);
            assertEquals("ping", system.ask(recorder, "ping", WAIT));
            ActorAddress gone = system.createActor(Echo.class);
            system.tell(gone, new ActorExitRequest());
            assertThrows(ActorGoneException.class, () -> system.ask(gone, "are you there?", WAIT));
            for (int i = 0; i < 50; i++) {
                String words = run + " #" + i;
                said.add(words);
                assertEquals("ready", system.ask(system.createActor(LastWordsSayer.class), new LastWords(gone, words),
                        WAIT));
            }
        }
        List<Object> heard = LAST_WORDS_DEAD.stream().filter(words -> words.toString().startsWith(run + " ")).toList();
        assertEquals(said.size(), heard.size(), "every last word sent to a gone actor at shutdown is a dead letter "
                + "the handler received: " + heard);
    }

    private static DeadEnvelope nextDeadLetter(ActorSystem system, ActorAddress collector) {
        return assertInstanceOf(Collected.class, system.ask(collector, "next?", WAIT)).envelope();
    }

    @EveryLocalBase
    void aDeadEnvelopeSaysWhyItsMessageWasNotDelivered(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress collector = system.createActor(DeadLetterCollector.class);
            ActorAddress doomed = system.createActor(Echo.class);
            system.tell(doomed, new ActorExitRequest());
            await().atMost(WAIT).until(() -> system.status().actorCount() == 1);
            system.tell(doomed, "after the exit");
            DeadEnvelope exited = nextDeadLetter(system, collector);
            assertEquals(new DeadEnvelope(doomed, "after the exit", "the actor has exited"), exited);

            ActorAddress nobody = ActorAddress.of(collector.system(), 1_000_000);
            system.tell(nobody, "to nobody");
            DeadEnvelope unknown = nextDeadLetter(system, collector);
            assertEquals(nobody, unknown.deadAddress());
            assertTrue(unknown.reason().startsWith("no such actor here"), unknown.reason());

            ActorAddress elsewhere = ActorAddress.of("10.0.0.9:1900/1", 7);
            system.tell(elsewhere, "to another system");
            DeadEnvelope noRoute = nextDeadLetter(system, collector);
            assertTrue(noRoute.reason().contains("not in the Convention"), noRoute.reason());
        }
    }

    @Test
    void aDeadEnvelopeWithoutAReasonIsUndeliverable() {
        ActorAddress address = ActorAddress.of("local-1@1", 3);
        assertEquals(DeadEnvelope.UNDELIVERABLE, new DeadEnvelope(address, "m").reason());
        assertEquals(new DeadEnvelope(address, "m"), new DeadEnvelope(address, "m", null));
        assertEquals("undeliverable", new DeadEnvelope(address, "m", " ").reason());
    }

    @EveryLocalBase
    void deadLettersWithoutHandlerAreCounted(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress doomed = system.createActor(Echo.class);
            system.tell(doomed, new ActorExitRequest());
            system.tell(doomed, "hello?");
            system.tell(doomed, "hello again?");
            await().atMost(WAIT).until(() -> system.status().counters().get("deadLetters") == 2L);
            assertNull(system.listen(Duration.ZERO));
        }
    }

    @Test
    void addressesAreEqualByValueAndReadable() {
        try (ActorSystem system = ActorSystem.create()) {
            ActorAddress echo = system.createActor(Echo.class);
            ActorAddress decoded = ActorAddress.of(echo.system(), echo.actorId());
            assertEquals(echo, decoded);
            assertEquals(echo.hashCode(), decoded.hashCode());
            assertTrue(echo.toString().startsWith("ActorAddr-("), echo.toString());
            // An address decoded from elsewhere still reaches the actor.
            assertEquals("by value", system.ask(decoded, "by value", WAIT));
        }
    }
}
