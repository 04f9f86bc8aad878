package io.thespis.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The properties, each turned from a scenario's measurements into a {@link Check} with its figure. */
final class PropertyChecks {
    private PropertyChecks() {
    }

    /**
     * Detection of the fault by the other members (for the leader: their noticing its loss), and for a member
     * cut off alive, its noticing its own isolation and the leader's loss; all timed from {@code faultAt}.
     */
    static List<Check> detection(Expectations expected, MemberProcess faulty, List<MemberProcess> observers,
                                 String leaderAddress, long faultAt) {
        Map<String, OptionalLong> seen = new LinkedHashMap<>();
        observers.forEach(o -> seen.put(o.name(), ViewAnalysis.untilAbsent(o.views(), faulty.address(), faultAt)));
        boolean killed = expected.detection() == Expectations.Detection.KILLED;
        boolean leader = faulty.address().equals(leaderAddress);
        String property = killed ? "each other member detects the killed " + (leader ? "leader" : "process")
                : leader ? "each other member notices the leader's loss"
                : "each other member detects the " + (expected.cutOff() ? "cut-off" : "faulty") + " member";
        Duration bound = expected.detection().bound();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(property, times(seen), bound == null ? "none (recorded only)" : "each " + atMost(bound),
                bound == null || seen.values().stream().allMatch(ms -> within(ms, bound))));
        if (leader && killed) {
            checks.add(new Check("each other member notices the leader's loss", times(seen),
                    "each " + atMost(Expectations.NOTICE_BOUND),
                    seen.values().stream().allMatch(ms -> within(ms, Expectations.NOTICE_BOUND))));
        }
        if (expected.cutOff()) {
            OptionalLong alone = ViewAnalysis.untilAlone(faulty.views(), faulty.address(), faultAt);
            checks.add(new Check(faulty.name() + " notices its own isolation (lists only itself)", time(alone),
                    atMost(Expectations.NOTICE_BOUND), within(alone, Expectations.NOTICE_BOUND)));
            if (!leader) {
                OptionalLong leaderGone = ViewAnalysis.untilAbsent(faulty.views(), leaderAddress, faultAt);
                checks.add(new Check(faulty.name() + " notices the leader's loss", time(leaderGone),
                        atMost(Expectations.NOTICE_BOUND), within(leaderGone, Expectations.NOTICE_BOUND)));
            }
        }
        return checks;
    }

    /** Every live member's directory whole (exactly {@code live}) and so identical, from {@code healAt} on. */
    static Check convergence(Map<String, List<View>> views, Set<String> live, long healAt) {
        OptionalLong whole = ViewAnalysis.untilWhole(views, live, healAt);
        return new Check("every directory whole and identical after the heal", time(whole) + " after the heal",
                atMost(Expectations.CONVERGENCE_BOUND), within(whole, Expectations.CONVERGENCE_BOUND));
    }

    /** Every steady flow between processes that survived moved again after the heal. */
    static Check pairsTalkAgain(List<Load.Flow> steady, Set<String> moving) {
        List<String> stuck = steady.stream().map(Load.Flow::id).filter(id -> !moving.contains(id)).toList();
        return new Check("every pair of live members exchanges messages again after the heal",
                (steady.size() - stuck.size()) + " of " + steady.size() + " steady flows between surviving processes "
                        + "moved" + (stuck.isEmpty() ? "" : "; not moving: " + String.join(", ", stuck)),
                "all", stuck.isEmpty());
    }

    /** The bursts after the heal to a sink created then on {@code faulty}, and from it, arrived whole. */
    static List<Check> bursts(String faulty, List<Load.Flow> bursts, FlowStats end) {
        if (bursts.isEmpty()) {
            return List.of(new Check("a sink created on " + faulty + " after the heal is reachable",
                    faulty + " was killed and not restarted: not applicable", "-", true));
        }
        List<Check> checks = new ArrayList<>();
        for (boolean toFaulty : new boolean[]{true, false}) {
            List<Load.Flow> these = bursts.stream().filter(flow -> flow.to().name().equals(faulty) == toFaulty)
                    .toList();
            String figure = these.stream().map(flow -> flow.id() + " " + end.receivedOf(flow.id()) + "/"
                    + flow.limit() + (end.deadOf(flow.id()) > 0 ? " (" + end.deadOf(flow.id()) + " dead)" : ""))
                    .collect(Collectors.joining(", "));
            checks.add(new Check(toFaulty ? "a sink created on " + faulty + " after the heal is reachable from "
                    + "every member" : faulty + " reaches every member's sink after the heal", figure,
                    "every message arrives", these.stream().allMatch(flow -> end.receivedOf(flow.id()) == flow.limit())));
        }
        return checks;
    }

    /** No silent loss, no duplicates, no reordering, in any flow whose counts are known. */
    static List<Check> loss(List<FlowFigures> figures) {
        long bounds = figures.stream().filter(FlowFigures::lostAtLeast).count();
        return List.of(
                perFlow("no silent loss: lost (sent − received − dead letters) per flow"
                        + (bounds > 0 ? " (" + bounds + " of them lower bounds: the sink was killed)" : ""),
                        figures, FlowFigures::lost, FlowFigures::lostText),
                perFlow("no duplicates per flow", figures, FlowFigures::duplicates, f -> "" + f.duplicates()),
                perFlow("no reordering per flow", figures, FlowFigures::reordered, f -> "" + f.reordered()));
    }

    private static Check perFlow(String property, List<FlowFigures> figures, Function<FlowFigures, Long> count,
                                 Function<FlowFigures, String> shown) {
        List<FlowFigures> known = figures.stream().filter(f -> count.apply(f) != null).toList();
        List<String> bad = known.stream().filter(f -> count.apply(f) != 0).map(f -> f.flow() + ": " + shown.apply(f))
                .toList();
        String figure = bad.isEmpty() ? "0 in each of " + known.size() + " flows"
                : String.join(", ", bad) + " (of " + known.size() + " flows)";
        int unknown = figures.size() - known.size();
        return new Check(property, figure + (unknown > 0 ? "; " + unknown + " unknown (an end was killed)" : ""),
                "0 in every flow", bad.isEmpty());
    }

    /** Every member's live heap (after a full collection) within {@link Expectations#HEAP_BOUND_BYTES}. */
    static Check heap(Map<String, Long> heapUsed) {
        String figure = heapUsed.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() >> 20) + " MiB")
                .collect(Collectors.joining(", "));
        return new Check("member heap stays bounded (live set after a full GC at the end)", figure,
                "each ≤ " + (Expectations.HEAP_BOUND_BYTES >> 20) + " MiB",
                heapUsed.values().stream().allMatch(used -> used <= Expectations.HEAP_BOUND_BYTES));
    }

    private static String times(Map<String, OptionalLong> times) {
        return times.entrySet().stream().map(e -> e.getKey() + " " + time(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String time(OptionalLong ms) {
        return ms.isPresent() ? ms.getAsLong() + " ms" : "never";
    }

    private static String atMost(Duration bound) {
        return "≤ " + bound.toMillis() + " ms";
    }

    private static boolean within(OptionalLong ms, Duration bound) {
        return ms.isPresent() && ms.getAsLong() <= bound.toMillis();
    }
}
