package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxTest {
    private static final ActorAddress NOBODY = ActorAddress.of("test", 0);

    @Test
    void isFifoAndEmptyWhenDrained() {
        Mailbox mailbox = new Mailbox();
        assertTrue(mailbox.isEmpty());
        assertNull(mailbox.poll());
        Envelope first = new Envelope("a", NOBODY);
        Envelope second = new Envelope("b", NOBODY);
        mailbox.offer(first);
        mailbox.offer(second);
        assertSame(first, mailbox.poll());
        assertSame(second, mailbox.poll());
        assertNull(mailbox.poll());
        assertTrue(mailbox.isEmpty());
    }

    @Test
    void depthCountsWhatWaitsUpToTheLimitAndDropsAsItIsConsumed() {
        Mailbox mailbox = new Mailbox();
        assertEquals(0, mailbox.depth(10));
        for (int i = 0; i < 5; i++) {
            mailbox.offer(new Envelope(i, NOBODY));
        }
        assertEquals(5, mailbox.depth(10));
        assertEquals(3, mailbox.depth(3), "counted up to the limit");
        mailbox.poll();
        mailbox.poll();
        assertEquals(3, mailbox.depth(10));
        while (mailbox.poll() != null) {
            Thread.onSpinWait();
        }
        assertEquals(0, mailbox.depth(10));
    }

    record Item(int producer, int sequence) {
    }

    @Test
    void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws InterruptedException {
        int producers = 4;
        int perProducer = 250_000;
        Mailbox mailbox = new Mailbox();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    mailbox.offer(new Envelope(new Item(producer, i), NOBODY));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        int[] next = new int[producers];
        int received = 0;
        int outOfOrder = 0;
        while (received < producers * perProducer) {
            Envelope envelope = mailbox.poll();
            if (envelope == null) {
                Thread.onSpinWait();
                continue;
            }
            Item item = (Item) envelope.message;
            if (item.sequence() != next[item.producer()]) {
                outOfOrder++;
            }
            next[item.producer()] = item.sequence() + 1;
            received++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, outOfOrder);
        assertNull(mailbox.poll());
        assertTrue(mailbox.isEmpty());
    }
}
