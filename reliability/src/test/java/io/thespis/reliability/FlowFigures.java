package io.thespis.reliability;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one flow at the end of a scenario. A count is {@code null} when the process that kept it did
 * not survive (killed, or replaced by a restart): then it is unknown, and so is what depends on it, except this:
 * what a source sent after its sink's process was killed can only have been dead-lettered, so of those messages
 * the ones not dead-lettered are certainly lost, a lower bound of the loss ({@code lostAtLeast}).
 *
 * @param flow        the flow's id
 * @param sent        how many its source sent
 * @param received    how many distinct messages its sink received
 * @param dead        its dead letters, on every surviving member
 * @param lost        {@code sent - received - dead}: messages neither received nor dead-lettered
 * @param lostAtLeast whether {@code lost} is only the lower bound above
 * @param duplicates  messages received more than once
 * @param reordered   messages received after a higher number
 * @param reasons     the dead letters' reasons with their counts, or {@code -} without dead letters
 */
record FlowFigures(String flow, Long sent, Long received, long dead, Long lost, boolean lostAtLeast,
                   Long duplicates, Long reordered, String reasons) {

    /**
     * The figures of {@code flow} in {@code end}.
     *
     * @param survived    whose counts are still there
     * @param sentAtDeath how many the source had sent when the sink's process was killed (read just after the
     *                    kill, so never too few); {@code null} when its sink's process was not killed
     */
    static FlowFigures of(Load.Flow flow, FlowStats end, Predicate<MemberProcess> survived, Long sentAtDeath) {
        Long sent = survived.test(flow.from()) ? end.sent().getOrDefault(flow.id(), 0L) : null;
        SequenceTally.Counts counts = survived.test(flow.to())
                ? end.received().getOrDefault(flow.id(), new SequenceTally.Counts(0, 0, 0, -1)) : null;
        long dead = end.deadOf(flow.id());
        Long lost = null;
        boolean atLeast = false;
        if (sent != null && counts != null) {
            lost = sent - counts.received() - dead;
        } else if (sent != null && sentAtDeath != null) {
            lost = Math.max(0, sent - sentAtDeath - dead);
            atLeast = true;
        }
        Map<String, Long> reasons = end.dead().getOrDefault(flow.id(), Map.of());
        return new FlowFigures(flow.id(), sent, counts == null ? null : counts.received(), dead, lost, atLeast,
                counts == null ? null : counts.duplicates(), counts == null ? null : counts.reordered(),
                reasons.isEmpty() ? "-" : reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; ")));
    }

    /** {@link #lost} as the report shows it: {@code unknown}, {@code ≥ n} or {@code n}. */
    String lostText() {
        return lost == null ? "unknown" : (lostAtLeast ? "≥ " : "") + lost;
    }
}
