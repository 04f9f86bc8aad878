package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.spi.SourceSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            ActorAddress ask = system.openAsk(inbox, (message, sender) -> replies.add(message));
            ActorAddress echo = system.createActor(RemoteStyleEcho.class);

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
            assertThrows(IllegalArgumentException.class, () -> system.openAsk(echo, (message, sender) -> { }));
            assertThrows(IllegalArgumentException.class, () -> system.openAsk(inbox, (message, sender) -> { }));
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
