package io.thespis.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts of a {@link ProbeMember} process, kept outside its actors: what its sinks received, what its
 * sources sent, and the dead letters its handlers saw, per flow. The actors update them on every message, and
 * {@code stats} reads them directly, so that when the member is declared gone and its actors are stopped (it
 * rejoins as a new incarnation in the same process) no count is lost. Thread-safe.
 */
final class Tallies {
    private static final ConcurrentMap<String, SequenceTally> RECEIVED = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, AtomicLong> SENT = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, Map<String, DeadTally>> DEAD = new ConcurrentHashMap<>();
    private static volatile boolean stopped;

    private Tallies() {
    }

    /** A sink received number {@code seq} of {@code flow}. */
    static void received(String flow, long seq) {
        RECEIVED.computeIfAbsent(flow, f -> new SequenceTally()).record(seq);
    }

    /** A source handed number {@code seq} of {@code flow} to its system (numbers go out from 0, one by one). */
    static void sent(String flow, long seq) {
        SENT.computeIfAbsent(flow, f -> new AtomicLong()).accumulateAndGet(seq + 1, Math::max);
    }

    /** A dead letter of number {@code seq} of {@code flow}, for {@code reason}. */
    static void dead(String flow, String reason, long seq) {
        Map<String, DeadTally> reasons = DEAD.computeIfAbsent(flow, f -> new TreeMap<>());
        synchronized (reasons) {
            reasons.computeIfAbsent(reason, r -> new DeadTally()).add(seq);
        }
    }

    /** Every source stops sending (the end of a scenario's load). */
    static void stopFlows() {
        stopped = true;
    }

    /** Whether {@link #stopFlows()} was called. */
    static boolean flowsStopped() {
        return stopped;
    }

    /** Per flow, what its sink (in this process) received. */
    static Map<String, SequenceTally.Counts> receivedByFlow() {
        Map<String, SequenceTally.Counts> counts = new TreeMap<>();
        RECEIVED.forEach((flow, tally) -> counts.put(flow, tally.counts()));
        return counts;
    }

    /** Per flow, how many its source (in this process) sent. */
    static Map<String, Long> sentByFlow() {
        Map<String, Long> sent = new TreeMap<>();
        SENT.forEach((flow, count) -> sent.put(flow, count.get()));
        return sent;
    }

    /** Per flow and reason, the dead letters this process's handlers saw. */
    static Map<String, Map<String, DeadCounts>> deadByFlow() {
        Map<String, Map<String, DeadCounts>> dead = new TreeMap<>();
        DEAD.forEach((flow, reasons) -> {
            Map<String, DeadCounts> copy = new TreeMap<>();
            synchronized (reasons) {
                reasons.forEach((reason, tally) -> copy.put(reason, tally.counts()));
            }
            dead.put(flow, copy);
        });
        return dead;
    }

    /**
     * The dead letters of one flow for one reason.
     *
     * @param count every dead letter, a number dead-lettered twice counted twice
     * @param seqs  the distinct numbers, as {@link SeqSet#ranges()}
     */
    record DeadCounts(long count, List<long[]> seqs) {
        /** The distinct numbers. */
        SeqSet seqSet() {
            return SeqSet.ofRanges(seqs);
        }
    }

    private static final class DeadTally {
        private final SeqSet seqs = new SeqSet();
        private long count;

        void add(long seq) {
            seqs.add(seq);
            count++;
        }

        DeadCounts counts() {
            return new DeadCounts(count, seqs.ranges());
        }
    }
}
