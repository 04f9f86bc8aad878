package io.thespis.reliability;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one flow at the end of a scenario. A count is {@code null} when the process that kept it did
 * not survive (killed, or replaced by a restart): then it is unknown, and so is what depends on it.
 *
 * @param flow       the flow's id
 * @param sent       how many its source sent
 * @param received   how many distinct messages its sink received
 * @param dead       its dead letters, on every surviving member
 * @param lost       {@code sent - received - dead}: messages neither received nor dead-lettered
 * @param duplicates messages received more than once
 * @param reordered  messages received after a higher number
 * @param reasons    the dead letters' reasons with their counts, or {@code -} without dead letters
 */
record FlowFigures(String flow, Long sent, Long received, long dead, Long lost, Long duplicates, Long reordered,
                   String reasons) {

    /** The figures of {@code flow} in {@code end}; {@code survived} tells whose counts are still there. */
    static FlowFigures of(Load.Flow flow, FlowStats end, Predicate<MemberProcess> survived) {
        Long sent = survived.test(flow.from()) ? end.sent().getOrDefault(flow.id(), 0L) : null;
        SequenceTally.Counts counts = survived.test(flow.to())
                ? end.received().getOrDefault(flow.id(), new SequenceTally.Counts(0, 0, 0, -1)) : null;
        long dead = end.deadOf(flow.id());
        Long lost = sent != null && counts != null ? sent - counts.received() - dead : null;
        Map<String, Long> reasons = end.dead().getOrDefault(flow.id(), Map.of());
        return new FlowFigures(flow.id(), sent, counts == null ? null : counts.received(), dead, lost,
                counts == null ? null : counts.duplicates(), counts == null ? null : counts.reordered(),
                reasons.isEmpty() ? "-" : reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; ")));
    }
}
