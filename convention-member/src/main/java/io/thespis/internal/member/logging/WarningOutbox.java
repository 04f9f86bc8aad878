package io.thespis.internal.member.logging;

import io.thespis.internal.membership.TokenBucket;
import io.thespis.proto.v1.ForwardedLog;
import io.thespis.proto.v1.ForwardedLogs;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The lines of WARNING level and above this member logged that wait to be forwarded to the Convention Leader.
 * Bounded by {@link #CAPACITY} lines and {@link #MAX_BYTES} bytes, and limited to {@link #PER_SECOND} lines a second
 * (bursts of {@link #CAPACITY}) on the clock it is given; a line that does not fit, or comes over the rate, is
 * counted and dropped, and the next batch says how many were. Adding never waits: the logging thread (an actor's)
 * takes a short lock and goes on. The member's own log keeps every line, forwarded or not.
 */
public final class WarningOutbox {
    /** Lines held at most. */
    public static final int CAPACITY = 1_000;
    /** Bytes held at most. */
    public static final long MAX_BYTES = 1024 * 1024;
    /** Lines taken per second, at most. */
    public static final int PER_SECOND = 100;

    private final ArrayDeque<ForwardedLog> lines = new ArrayDeque<>();
    private final TokenBucket rate;
    private long bytes;
    private long droppedSinceBatch;
    private long forwarded;
    private long notForwarded;

    /** An empty outbox whose rate runs on {@code nanoTime}. */
    public WarningOutbox(LongSupplier nanoTime) {
        this.rate = new TokenBucket(PER_SECOND, CAPACITY, nanoTime);
    }

    /** Holds {@code line} for the leader, unless it is over the rate or does not fit. */
    public synchronized void offer(ForwardedLog line) {
        int size = line.getSerializedSize();
        if (lines.size() >= CAPACITY || bytes + size > MAX_BYTES || !rate.take()) {
            droppedSinceBatch++;
            notForwarded++;
            return;
        }
        lines.add(line);
        bytes += size;
    }

    /** Up to {@code max} lines, oldest first, and how many were dropped since the last batch; null: nothing to say. */
    public synchronized ForwardedLogs drain(int max) {
        if (lines.isEmpty() && droppedSinceBatch == 0) {
            return null;
        }
        ForwardedLogs.Builder batch = ForwardedLogs.newBuilder().setDropped(droppedSinceBatch);
        droppedSinceBatch = 0;
        while (batch.getLinesCount() < max && !lines.isEmpty()) {
            ForwardedLog line = lines.poll();
            bytes -= line.getSerializedSize();
            batch.addLines(line);
        }
        forwarded += batch.getLinesCount();
        return batch.build();
    }

    /** Lines handed to the leader link so far. */
    public synchronized long forwarded() {
        return forwarded;
    }

    /** Lines dropped so far: over the rate, or the outbox full. */
    public synchronized long notForwarded() {
        return notForwarded;
    }
}
