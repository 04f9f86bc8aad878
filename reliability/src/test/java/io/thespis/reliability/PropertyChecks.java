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
     * Detection of the fault by the other members, and for a member cut off alive, its noticing its own isolation
     * and the leader's loss; all timed from {@code faultAt}. Which signal each uses:
     * <ul>
     *   <li>a member (not the leader) killed, frozen or cut off: the other members' views stop listing it;</li>
     *   <li>the leader killed: the views too ({@code detects the killed leader}); the leader's loss, killed or cut
     *       off: each other member's {@code leader-lost} event (it logs {@code lost the Convention Leader at});</li>
     *   <li>a cut-off member's own isolation: for the leader, its {@code leader-isolated} event (it logs that it
     *       lost most members at once); for another member, its {@code leader-lost} event, the product's signal
     *       that it is cut off (it keeps its directory: it cannot know whether the others are gone); when it lost
     *       its links to every other member ({@code link-lost}) is shown, not required;</li>
     *   <li>a cut-off member's noticing the leader's loss: its {@code leader-lost} event.</li>
     * </ul>
     */
    static List<Check> detection(Expectations expected, MemberProcess faulty, List<MemberProcess> observers,
                                 String leaderAddress, long faultAt) {
        boolean killed = expected.detection() == Expectations.Detection.KILLED;
        boolean leader = faulty.address().equals(leaderAddress);
        Duration bound = expected.detection().bound();
        Map<String, OptionalLong> dropped = new LinkedHashMap<>();
        observers.forEach(o -> dropped.put(o.name(), ViewAnalysis.untilAbsent(o.views(), faulty.address(), faultAt)));
        List<Check> checks = new ArrayList<>();
        if (killed || !leader) {
            String property = killed ? "each other member detects the killed " + (leader ? "leader" : "process")
                    : "each other member detects the " + (expected.cutOff() ? "cut-off" : "faulty") + " member";
            checks.add(new Check(property + " (its directory drops it)", times(dropped),
                    bound == null ? "none (recorded only)" : "each " + atMost(bound),
                    bound == null || dropped.values().stream().allMatch(ms -> within(ms, bound))));
        }
        if (leader) {
            Map<String, OptionalLong> lost = new LinkedHashMap<>();
            observers.forEach(o -> lost.put(o.name(), untilEvent(o, "leader-lost", faultAt)));
            checks.add(new Check("each other member notices the leader's loss (logs `lost the Convention Leader`)",
                    times(lost) + (killed ? "" : "; its directory drops the leader: " + times(dropped)),
                    "each " + atMost(Expectations.NOTICE_BOUND),
                    lost.values().stream().allMatch(ms -> within(ms, Expectations.NOTICE_BOUND))));
        }
        if (expected.cutOff()) {
            OptionalLong leaderLost = untilEvent(faulty, "leader-lost", faultAt);
            if (leader) {
                OptionalLong alone = untilEvent(faulty, "leader-isolated", faultAt);
                checks.add(new Check(faulty.name() + " notices its own isolation (logs that it lost most members at "
                        + "once)", time(alone), atMost(Expectations.NOTICE_BOUND),
                        within(alone, Expectations.NOTICE_BOUND)));
            } else {
                OptionalLong linksLost = untilAllLinksLost(faulty, observers.size(), faultAt);
                checks.add(new Check(faulty.name() + " notices its own isolation (logs `lost the Convention Leader`)",
                        time(leaderLost) + "; lost its links to all " + observers.size() + " other members: "
                                + time(linksLost), atMost(Expectations.NOTICE_BOUND),
                        within(leaderLost, Expectations.NOTICE_BOUND)));
                checks.add(new Check(faulty.name() + " notices the leader's loss (logs `lost the Convention Leader`)",
                        time(leaderLost), atMost(Expectations.NOTICE_BOUND),
                        within(leaderLost, Expectations.NOTICE_BOUND)));
            }
        }
        return checks;
    }

    /**
     * A link cut one way ({@code from}'s packets no longer reach {@code to}) is noticed at both ends: each logs
     * that it lost its link to the other ({@code link-lost}), timed from {@code faultAt}.
     */
    static Check oneWayCutNoticed(MemberProcess from, MemberProcess to, long faultAt) {
        Map<String, OptionalLong> noticed = new LinkedHashMap<>();
        noticed.put(from.name(), untilLinkLost(from, to.address(), faultAt));
        noticed.put(to.name(), untilLinkLost(to, from.address(), faultAt));
        return new Check(from.name() + " and " + to.name() + " notice the link cut one way (each logs `lost the link "
                + "to` the other)", times(noticed), "each " + atMost(Expectations.NOTICE_BOUND),
                noticed.values().stream().allMatch(ms -> within(ms, Expectations.NOTICE_BOUND)));
    }

    /** Ms from {@code since} until {@code member} logged the loss of its link to the member at {@code address}. */
    private static OptionalLong untilLinkLost(MemberProcess member, String address, long since) {
        return member.events().stream().filter(e -> e.kind().equals("link-lost") && e.at() >= since
                        && linkTarget(e).equals(address))
                .mapToLong(e -> e.at() - since).findFirst();
    }

    /** The address ({@code host:port}) of the member a {@code link-lost} event names. */
    private static String linkTarget(ProductEvent event) {
        String target = event.message().substring("lost the link to ".length()).split(" ")[0];
        return target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
    }

    /** Ms from {@code since} until {@code member}'s first event of {@code kind} at or after it. */
    static OptionalLong untilEvent(MemberProcess member, String kind, long since) {
        return member.events().stream().filter(e -> e.kind().equals(kind) && e.at() >= since)
                .mapToLong(e -> e.at() - since).findFirst();
    }

    /** Ms from {@code since} until {@code member} had logged the loss of links to {@code peers} distinct members. */
    private static OptionalLong untilAllLinksLost(MemberProcess member, int peers, long since) {
        Set<String> lost = new java.util.HashSet<>();
        for (ProductEvent event : member.events()) {
            if (event.kind().equals("link-lost") && event.at() >= since) {
                lost.add(linkTarget(event));
                if (lost.size() >= peers) {
                    return OptionalLong.of(event.at() - since);
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Every live member's directory whole (exactly {@code live}) and so identical, from {@code healAt} on. */
    static Check convergence(Map<String, List<View>> views, Set<String> live, long healAt) {
        OptionalLong whole = ViewAnalysis.untilWhole(views, live, healAt);
        return new Check("every directory whole and identical after the heal", time(whole) + " after the heal",
                atMost(Expectations.CONVERGENCE_BOUND), within(whole, Expectations.CONVERGENCE_BOUND));
    }

    /**
     * Every steady flow between incarnations that lived through the fault moved again after the heal; a flow with
     * an end on an incarnation declared gone stopped with it (its messages are accounted for by the loss checks).
     */
    static Check steadyFlowsMove(List<Load.Flow> steady, Set<String> moving, List<Load.Flow> stoppedWithIncarnation) {
        List<String> stuck = steady.stream().map(Load.Flow::id).filter(id -> !moving.contains(id)).toList();
        String stopped = stoppedWithIncarnation.isEmpty() ? "" : "; " + stoppedWithIncarnation.size() + " stopped with "
                + "an incarnation declared gone (not required to move): " + stoppedWithIncarnation.stream()
                .map(Load.Flow::id).collect(Collectors.joining(", "));
        return new Check("steady flows between surviving incarnations move again after the heal",
                (steady.size() - stuck.size()) + " of " + steady.size() + " moved"
                        + (stuck.isEmpty() ? "" : "; not moving: " + String.join(", ", stuck)) + stopped,
                "all", stuck.isEmpty());
    }

    /**
     * No permanent cut: after the heal, a fresh sink on every live member and a fresh flow of {@code limit}
     * messages on every ordered pair, each arriving whole, once and in order, within {@link Expectations#PAIRS_BOUND}
     * of the round's start. A round that a member's change of incarnation cut short (its flows to and from the old
     * incarnation legitimately stopped) is shown and followed by another; the last round decides.
     */
    static Check pairsTalkAgain(List<ScenarioRun.Round> rounds, FlowStats end, long healAt) {
        ScenarioRun.Round last = rounds.get(rounds.size() - 1);
        if (last.flows().isEmpty()) {
            return new Check("every ordered pair of live members exchanges messages again after the heal",
                    "fewer than two live members: not applicable", "-", true);
        }
        List<String> parts = new ArrayList<>();
        boolean met = false;
        for (ScenarioRun.Round round : rounds) {
            List<String> incomplete = new ArrayList<>();
            long doneAt = round.startedAt();
            String slowest = "";
            for (Load.Flow flow : round.flows()) {
                SequenceTally.Counts counts = end.countsOf(flow.id());
                if (counts.received() != flow.limit() || counts.duplicates() != 0 || counts.reordered() != 0) {
                    incomplete.add(flow.id() + " " + counts.received() + "/" + flow.limit()
                            + (counts.duplicates() > 0 ? " " + counts.duplicates() + " duplicates" : "")
                            + (counts.reordered() > 0 ? " " + counts.reordered() + " reordered" : "")
                            + (end.deadOf(flow.id()) > 0 ? " (" + end.deadOf(flow.id()) + " dead: "
                            + String.join("; ", end.dead().get(flow.id()).keySet()) + ")" : ""));
                } else if (counts.lastAt() > doneAt) {
                    doneAt = counts.lastAt();
                    slowest = flow.id();
                }
            }
            long took = doneAt - round.startedAt();
            String prefix = "round " + round.attempt() + " (started " + (round.startedAt() - healAt)
                    + " ms after the heal): ";
            if (incomplete.isEmpty()) {
                parts.add(prefix + "all " + round.flows().size() + " flows of " + round.flows().get(0).limit()
                        + " arrived whole, once, in order, " + took + " ms after the round started (" + (doneAt - healAt)
                        + " ms after the heal; the last: " + slowest + ")");
                met = round == last && took <= Expectations.PAIRS_BOUND.toMillis();
            } else {
                parts.add(prefix + (round.flows().size() - incomplete.size()) + " of " + round.flows().size()
                        + " flows arrived whole; not: " + String.join(", ", incomplete)
                        + (round.reincarnated().isEmpty() ? "" : " (cut short: " + String.join(", ",
                        round.reincarnated()) + " became a new incarnation during the round)"));
            }
        }
        return new Check("every ordered pair of live members exchanges messages again after the heal (a fresh sink "
                + "on every member, " + last.flows().get(0).limit() + " messages on every ordered pair)",
                String.join("; ", parts), "every message, " + atMost(Expectations.PAIRS_BOUND)
                + " from the round's start (another round after one a new incarnation cut short)", met);
    }

    /**
     * No silent loss, no duplicates, no reordering, in any flow whose counts are known; and messages both
     * received and dead-lettered only on flows to or from a member declared gone (by the leader, or the leader's
     * member by the others), with a "gone" reason: in flight when it was, their delivery is unknown.
     *
     * @param declaredGone the names of the members that were declared gone (and rejoined as a new incarnation)
     */
    static List<Check> loss(List<FlowFigures> figures, Map<String, String> toMember, Set<String> declaredGone) {
        long bounds = figures.stream().filter(FlowFigures::lostAtLeast).count();
        long deadTwice = figures.stream().mapToLong(FlowFigures::deadTwice).sum();
        List<FlowFigures> overlapping = figures.stream().filter(f -> f.overlap() != null && f.overlap() > 0).toList();
        List<String> unexplained = overlapping.stream()
                .filter(f -> !declaredGone.contains(toMember.get(f.flow()))
                        && !declaredGone.contains(fromMember(f.flow()))
                        || f.overlapByReason().keySet().stream().anyMatch(reason -> !reason.contains("gone")))
                .map(FlowFigures::flow).toList();
        String overlapFigure = overlapping.isEmpty() ? "none" : overlapping.stream()
                .map(f -> f.flow() + ": " + f.overlap() + " (" + f.overlapByReason().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")) + ")")
                .collect(Collectors.joining(", "))
                + (unexplained.isEmpty() ? "" : "; not to or from a member declared gone, or not for a 'gone' reason: "
                + String.join(", ", unexplained));
        return List.of(
                perFlow("no silent loss: lost (sent − received − dead letters + received-and-dead-lettered) per flow"
                        + (bounds > 0 ? " (" + bounds + " of them lower bounds: the sink was killed)" : ""),
                        figures, FlowFigures::lost, FlowFigures::lostText),
                perFlow("no duplicates per flow (received twice)" + (deadTwice > 0 ? "; " + deadTwice
                                + " dead letters of a message dead-lettered before, not counted" : ""),
                        figures, FlowFigures::duplicates, f -> "" + f.duplicates()),
                perFlow("no reordering per flow", figures, FlowFigures::reordered, f -> "" + f.reordered()),
                new Check("received and also dead-lettered only on flows to or from a member declared gone (in flight "
                        + "when it was), for a 'gone' reason; declared gone: " + (declaredGone.isEmpty() ? "none"
                        : String.join(", ", declaredGone)), overlapFigure, "only those", unexplained.isEmpty()));
    }

    /** The sending member's name of flow {@code flow} ({@code "m3>m2"} or {@code "m3>m2@heal"}). */
    private static String fromMember(String flow) {
        return flow.substring(0, flow.indexOf('>'));
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
