package io.thespis.reliability;

import java.util.List;

/**
 * What a sink saw of one flow: which numbers arrived, how many arrived again, and how many arrived after a
 * higher one (a gap that later filled: reordered), and when the first and the latest new number arrived. A gap
 * that never fills is a message lost or dead-lettered; the sender's counts tell which. Thread-safe: the sinks of
 * every incarnation of the process record into one tally per flow ({@link Tallies}).
 */
final class SequenceTally {
    private final SeqSet seen = new SeqSet();
    private long received;
    private long duplicates;
    private long reordered;
    private long maxSeq = -1;
    private long firstAt;
    private long lastAt;

    /** Counts the arrival of number {@code seq}. */
    synchronized void record(long seq) {
        if (seen.add(seq)) {
            duplicates++;
            return;
        }
        received++;
        if (seq < maxSeq) {
            reordered++;
        }
        maxSeq = Math.max(maxSeq, seq);
        lastAt = System.currentTimeMillis();
        if (firstAt == 0) {
            firstAt = lastAt;
        }
    }

    /** The counts so far. */
    synchronized Counts counts() {
        return new Counts(received, duplicates, reordered, maxSeq, firstAt, lastAt, seen.ranges());
    }

    /**
     * A sink's counts of one flow.
     *
     * @param received   distinct numbers that arrived
     * @param duplicates arrivals of a number that had arrived before
     * @param reordered  distinct numbers that arrived after a higher one
     * @param maxSeq     the highest number that arrived, {@code -1} before any
     * @param firstAt    when the first number arrived (ms of the wall clock), 0 before any
     * @param lastAt     when the latest new number arrived, 0 before any
     * @param seqs       the numbers that arrived, as {@link SeqSet#ranges()}
     */
    record Counts(long received, long duplicates, long reordered, long maxSeq, long firstAt, long lastAt,
                  List<long[]> seqs) {
        /** The counts of a flow of which nothing arrived. */
        static final Counts NONE = new Counts(0, 0, 0, -1, 0, 0, List.of());

        /** The numbers that arrived. */
        SeqSet seqSet() {
            return SeqSet.ofRanges(seqs);
        }
    }
}
