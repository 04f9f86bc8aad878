package io.thespis.internal.member.logging;

import io.thespis.proto.v1.ForwardedLog;
import io.thespis.proto.v1.ForwardedLogs;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The member's outbox of warnings: bounded, rate-limited, and saying what it dropped; in virtual time. */
class WarningOutboxTest {
    private final AtomicLong now = new AtomicLong();

    private static ForwardedLog line(int number, int messageChars) {
        return ForwardedLog.newBuilder().setLevel("WARN").setLogger("l").setMessage(number + "x".repeat(messageChars))
                .build();
    }

    @Test
    void linesComeOutOldestFirstInBatchesAndNothingIsSaidWhenNothingWaits() {
        WarningOutbox outbox = new WarningOutbox(now::get);
        assertNull(outbox.drain(100));
        for (int i = 0; i < 5; i++) {
            outbox.offer(line(i, 0));
        }
        ForwardedLogs first = outbox.drain(3);
        assertEquals(3, first.getLinesCount());
        assertEquals("0", first.getLines(0).getMessage());
        assertEquals(0, first.getDropped());
        assertEquals("3", outbox.drain(3).getLines(0).getMessage());
        assertNull(outbox.drain(3));
        assertEquals(5, outbox.forwarded());
    }

    @Test
    void beyondItsCapacityOrRateLinesAreDroppedCountedAndTheNextBatchSaysHowMany() {
        WarningOutbox outbox = new WarningOutbox(now::get);
        for (int i = 0; i < WarningOutbox.CAPACITY + 30; i++) {
            outbox.offer(line(i, 0));
        }
        assertEquals(30, outbox.notForwarded());
        ForwardedLogs batch = outbox.drain(WarningOutbox.CAPACITY);
        assertEquals(WarningOutbox.CAPACITY, batch.getLinesCount());
        assertEquals(30, batch.getDropped());
        outbox.offer(line(0, 0));
        assertEquals(31, outbox.notForwarded(), "room again, but the burst is spent");
        now.addAndGet(100_000_000L);
        for (int i = 0; i < 20; i++) {
            outbox.offer(line(i, 0));
        }
        ForwardedLogs later = outbox.drain(100);
        assertEquals(WarningOutbox.PER_SECOND / 10, later.getLinesCount(), "a tenth of a second's worth");
        assertEquals(1 + 10, later.getDropped());
    }

    @Test
    void linesAreBoundedInBytesToo() {
        WarningOutbox outbox = new WarningOutbox(now::get);
        for (int i = 0; i < 300; i++) {
            outbox.offer(line(i, 4_000));
        }
        ForwardedLogs batch = outbox.drain(1_000);
        long bytes = batch.getLinesList().stream().mapToLong(ForwardedLog::getSerializedSize).sum();
        assertTrue(bytes <= WarningOutbox.MAX_BYTES && bytes > WarningOutbox.MAX_BYTES - 5_000, bytes + " bytes");
        assertEquals(300 - batch.getLinesCount(), batch.getDropped());
    }
}
