package io.thespis.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one flow at the end of a scenario. A count is {@code null} when the process that kept it did
 * not survive (killed, or replaced by a restart): then it is unknown, and so is what depends on it, except this:
 * what a source sent after its sink's process was killed can only have been dead-lettered, so of those messages
 * the ones not dead-lettered are certainly lost, a lower bound of the loss ({@code lostAtLeast}). A member
 * declared gone that rejoined as a new incarnation in the same process keeps its counts ({@link Tallies}).
 *
 * @param flow        the flow's id
 * @param sent        how many its source sent
 * @param received    how many distinct messages its sink received
 * @param dead        its dead letters, on every surviving member
 * @param overlap     messages both received and dead-lettered (in flight when the receiving member was declared
 *                    gone: delivery unknown to the sender); {@code null} when {@code received} is
 * @param overlapByReason per dead-letter reason, how many of its messages were also received
 * @param lost        messages neither received nor dead-lettered: {@code sent - received - dead + overlap}
 * @param lostAtLeast whether {@code lost} is only the lower bound above
 * @param duplicates  messages received more than once
 * @param deadTwice   dead letters of a message dead-lettered before
 * @param reordered   messages received after a higher number
 * @param reasons     the dead letters' reasons with their counts
 * @param lostSeqs    the numbers lost (the first few ranges), or empty
 */
record FlowFigures(String flow, Long sent, Long received, long dead, Long overlap, Map<String, Long> overlapByReason,
                   Long lost, boolean lostAtLeast, Long duplicates, long deadTwice, Long reordered,
                   Map<String, Long> reasons, String lostSeqs) {

    /**
     * The figures of {@code flow} in {@code end}.
     *
     * @param survived    whose counts are still there
     * @param sentAtDeath how many the source had sent when the sink's process was killed (read just after the
     *                    kill, so never too few); {@code null} when its sink's process was not killed
     */
    static FlowFigures of(Load.Flow flow, FlowStats end, Predicate<MemberProcess> survived, Long sentAtDeath) {
        Long sent = survived.test(flow.from()) ? end.sent().getOrDefault(flow.id(), 0L) : null;
        SequenceTally.Counts counts = survived.test(flow.to()) ? end.countsOf(flow.id()) : null;
        Map<String, Tallies.DeadCounts> byReason = end.dead().getOrDefault(flow.id(), Map.of());
        SeqSet deadSeqs = new SeqSet();
        Map<String, Long> reasons = new TreeMap<>();
        for (Map.Entry<String, Tallies.DeadCounts> reason : byReason.entrySet()) {
            deadSeqs = deadSeqs.union(reason.getValue().seqSet());
            reasons.put(reason.getKey(), reason.getValue().count());
        }
        long dead = end.deadOf(flow.id());
        Long overlap = null;
        Map<String, Long> overlapByReason = new TreeMap<>();
        Long lost = null;
        boolean atLeast = false;
        SeqSet lostSet = new SeqSet();
        if (counts != null) {
            SeqSet receivedSeqs = counts.seqSet();
            overlap = receivedSeqs.overlap(deadSeqs);
            byReason.forEach((reason, deadCounts) -> {
                long both = receivedSeqs.overlap(deadCounts.seqSet());
                if (both > 0) {
                    overlapByReason.put(reason, both);
                }
            });
            if (sent != null) {
                lost = sent - receivedSeqs.union(deadSeqs).size();
                if (sent > 0) {
                    lostSet = SeqSet.ofRanges(List.of(new long[]{0, sent - 1})).minus(receivedSeqs.union(deadSeqs));
                }
            }
        } else if (sent != null && sentAtDeath != null && sent > sentAtDeath) {
            SeqSet afterDeath = SeqSet.ofRanges(List.of(new long[]{sentAtDeath, sent - 1}));
            lostSet = afterDeath.minus(deadSeqs);
            lost = lostSet.size();
            atLeast = true;
        } else if (sent != null && sentAtDeath != null) {
            lost = 0L;
            atLeast = true;
        }
        return new FlowFigures(flow.id(), sent, counts == null ? null : counts.received(), dead, overlap,
                overlapByReason, lost, atLeast, counts == null ? null : counts.duplicates(), dead - deadSeqs.size(),
                counts == null ? null : counts.reordered(), reasons, describe(lostSet));
    }

    private static String describe(SeqSet seqs) {
        List<long[]> ranges = seqs.ranges();
        String shown = ranges.stream().limit(4).map(r -> r[0] == r[1] ? "#" + r[0] : "#" + r[0] + "–" + r[1])
                .collect(Collectors.joining(", "));
        return ranges.size() > 4 ? shown + ", …" : shown;
    }

    /** {@link #lost} as the report shows it: {@code unknown}, {@code ≥ n} or {@code n}. */
    String lostText() {
        return lost == null ? "unknown" : (lostAtLeast ? "≥ " : "") + lost
                + (lostSeqs.isEmpty() ? "" : " (" + lostSeqs + ")");
    }

    /** The reasons as the report shows them: {@code reason: count; ...}, or {@code -}. */
    String reasonsText() {
        return reasons.isEmpty() ? "-" : reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
