package io.thespis.reliability;

import java.util.BitSet;

/**
 * What a sink saw of one flow: how many distinct numbers arrived, how many arrived again, and how many arrived
 * after a higher one (a gap that later filled: reordered). A gap that never fills is a message lost or
 * dead-lettered; the sender's counts tell which.
 */
final class SequenceTally {
    private final BitSet seen = new BitSet();
    private long received;
    private long duplicates;
    private long reordered;
    private long maxSeq = -1;

    /** Counts the arrival of number {@code seq}. */
    void record(long seq) {
        int index = Math.toIntExact(seq);
        if (seen.get(index)) {
            duplicates++;
            return;
        }
        seen.set(index);
        received++;
        if (seq < maxSeq) {
            reordered++;
        }
        maxSeq = Math.max(maxSeq, seq);
    }

    /** The counts so far. */
    Counts counts() {
        return new Counts(received, duplicates, reordered, maxSeq);
    }

    /**
     * A sink's counts of one flow.
     *
     * @param received   distinct numbers that arrived
     * @param duplicates arrivals of a number that had arrived before
     * @param reordered  distinct numbers that arrived after a higher one
     * @param maxSeq     the highest number that arrived, {@code -1} before any
     */
    record Counts(long received, long duplicates, long reordered, long maxSeq) {
    }
}
