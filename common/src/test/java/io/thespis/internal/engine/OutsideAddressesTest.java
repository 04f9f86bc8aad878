package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.source.SourcePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addresses outside code gets (as a networked system's client sessions use them), and their ids. */
class OutsideAddressesTest {
    private static final long WAIT_SECONDS = 30;

    /** Answers with what it got, to an address made from the sender's parts, as another system's actor would. */
    public static final class RemoteStyleEcho extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(ActorAddress.of(sender.system(), sender.actorId()), message);
        }
    }

    @Test
    void anAsksLaterRepliesGoToItsInboxAndAClosedInboxsBecomeDeadLetters() throws InterruptedException {
        try (LocalActorSystem system = LocalActorSystem.concurrent(Map.of(), 1, SourceSettings.DEFAULTS)) {
            BlockingQueue<Object> session = new LinkedBlockingQueue<>();
            BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
            ActorAddress inbox = system.openInbox((message, sender) -> session.add(message));
            ActorAddress echo = system.createActor(RemoteStyleEcho.class);
            ActorAddress ask = system.openAsk(inbox, echo, (message, sender) -> replies.add(message));

            system.deliverFromRemote(echo, "while asking", ask);
            assertEquals("while asking", replies.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            system.closeInbox(ask);
            system.deliverFromRemote(echo, "after the ask", ask);
            assertEquals("after the ask", session.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(replies.isEmpty());

            system.closeInbox(inbox);
            system.deliverFromRemote(echo, "after the session", ask);
            await().atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> system.status().counters().get("deadLetters") == 1L);
            assertTrue(session.isEmpty());
            assertThrows(IllegalArgumentException.class, () -> system.openAsk(echo, echo, (message, sender) -> { }));
            assertThrows(IllegalArgumentException.class, () -> system.openAsk(inbox, echo, (message, sender) -> { }));
        }
    }

    /** An ask's recipient that records why its ask failed. */
    private record FailureRecorder(BlockingQueue<String> failures) implements Recipient {
        @Override
        public void deliver(Object message, ActorAddress sender) {
        }

        @Override
        public void askFailed(ActorAddress target, String reason) {
            failures.add(target + ": " + reason);
        }
    }

    @Test
    void anAsksRecipientIsToldWhenItsMessageBecomesADeadLetter() throws InterruptedException {
        try (LocalActorSystem system = LocalActorSystem.concurrent(Map.of(), 1, SourceSettings.DEFAULTS)) {
            BlockingQueue<String> failures = new LinkedBlockingQueue<>();
            ActorAddress inbox = system.openInbox((message, sender) -> { });
            ActorAddress nobody = ActorAddress.of(system.systemId(), 123_456);
            system.deliverFromRemote(nobody, "hello?", system.openAsk(inbox, nobody, new FailureRecorder(failures)));
            assertEquals(nobody + ": " + Engine.NO_SUCH_ACTOR, failures.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            // A plain inbox is not an ask: its dead letters are only dead letters.
            system.deliverFromRemote(nobody, "hello again?", inbox);
            await().atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> system.status().counters().get("deadLetters") == 2L);
            assertTrue(failures.isEmpty());
        }
    }

    @Test
    void askingAnActorOfASystemDeclaredGoneFailsAtOnce() throws Exception {
        try (LocalActorSystem system = LocalActorSystem.networked("10.0.0.1:1900/k1", Map.of(),
                StubNetwork.alone(), OutsideAddressesTest.class.getClassLoader(),
                SourcePolicy.of(SourceSettings.DEFAULTS))) {
            ActorAddress remote = ActorAddress.of("10.0.0.2:1900/k7", 5);
            ActorAddress elsewhere = ActorAddress.of("10.0.0.3:1900/k2", 5);
            CompletableFuture<Object> gone = system.askAsync(remote, "anyone?", Duration.ofHours(1));
            CompletableFuture<Object> unaffected = system.askAsync(elsewhere, "anyone?", Duration.ofHours(1));
            system.remoteSystemGone("10.0.0.2:1900/k7", "silent for over 3000 ms");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> gone.get(WAIT_SECONDS,
                    TimeUnit.SECONDS));
            ActorGoneException cause = assertInstanceOf(ActorGoneException.class, failed.getCause());
            assertEquals(remote, cause.address());
            assertEquals("its system 10.0.0.2:1900/k7 was declared gone (silent for over 3000 ms)", cause.reason());
            assertFalse(unaffected.isDone());
        }
    }

    @Test
    void askIdsNameTheirInboxAndNeverMeetAnActorsOrTheInboxsOwn() {
        long inbox = OutsideIds.inbox(3);
        assertTrue(inbox < 0);
        assertTrue(OutsideIds.isInbox(inbox));
        assertFalse(OutsideIds.isAsk(inbox));
        for (long sequence : new long[] {1, 2, 0xFFFF_FFFFL, 1L << 32, (1L << 32) + 5}) {
            long ask = OutsideIds.ask(inbox, sequence);
            assertTrue(OutsideIds.isAsk(ask), Long.toString(sequence));
            assertFalse(OutsideIds.isInbox(ask));
            assertEquals(inbox, OutsideIds.inboxOf(ask));
        }
        assertFalse(OutsideIds.isAsk(42));
        assertFalse(OutsideIds.isInbox(42));
        assertEquals(inbox, OutsideIds.inboxOf(OutsideIds.ask(inbox, OutsideIds.MAX_INBOX_NUMBER)));
        long last = OutsideIds.inbox(OutsideIds.MAX_INBOX_NUMBER);
        assertEquals(last, OutsideIds.inboxOf(OutsideIds.ask(last, 7)));
        assertThrows(IllegalStateException.class, () -> OutsideIds.inbox(OutsideIds.MAX_INBOX_NUMBER + 1));
    }
}
