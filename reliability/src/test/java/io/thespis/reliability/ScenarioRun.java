package io.thespis.reliability;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * One scenario from start to end: a fresh network and Convention of {@link #MEMBERS} members under steady load,
 * then (between {@link #faultStarts()} and {@link #healed}) the fault the test injects through {@link #faults()},
 * then the measurements after the heal, turned into {@link Check}s and a report section.
 */
final class ScenarioRun implements AutoCloseable {
    /** Members of every scenario's Convention: the leader {@code m1} and three more. */
    static final int MEMBERS = 4;
    private static final Duration START = Duration.ofSeconds(60);
    /** The longest each wait after the heal lasts: for whole directories, for flows moving, for bursts, for drain. */
    private static final Duration AFTER_HEAL = Duration.ofSeconds(8);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STATS_POLL = Duration.ofMillis(500);
    /** Messages of each fresh flow of the round after the heal. */
    private static final int BURST = 100;
    /**
     * Rounds of fresh flows after the heal at most: another one only when a member became a new incarnation during
     * the previous one (its flows legitimately stopped).
     */
    static final int MAX_ROUNDS = 3;
    /** How long the steady load runs before the fault, and at least after the heal before it is measured. */
    private static final Duration STEADY_LOAD = Duration.ofSeconds(3);

    private final Topology net;
    private final MemberProcesses members;
    private final Faults faults;
    private final Load load = new Load();
    private final List<Note> timeline = new ArrayList<>();
    private final Map<Integer, MemberProcess> original = new LinkedHashMap<>();
    /** Per killed process, the sources' counts read just after the kill. */
    private final Map<MemberProcess, FlowStats> atKill = new LinkedHashMap<>();
    private final long startedAt = System.currentTimeMillis();
    private long faultAt;
    private long healAt;

    private ScenarioRun(Topology net, DetectionSettings detection, Path logs) {
        this.net = net;
        this.members = new MemberProcesses(net, detection, logs);
        this.faults = new Faults(net);
    }

    /** Builds the network, starts the members and the steady load, and waits until every flow moves. */
    static ScenarioRun start(DetectionSettings detection, Path logs) {
        ScenarioRun run = new ScenarioRun(Topology.create(MEMBERS), detection, logs);
        try {
            run.startConvention();
            return run;
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }

    private void startConvention() {
        members.startAll();
        for (int member = 1; member <= MEMBERS; member++) {
            original.put(member, members.member(member));
        }
        if (!waitUntil(START, members::directoriesWhole)) {
            throw new IllegalStateException("the Convention did not form within " + START + ": views "
                    + members.live().stream().map(p -> p.name() + "=" + p.latestView()).toList());
        }
        note("every directory whole");
        load.startSteady(members.live());
        if (!waitUntil(START, () -> {
            FlowStats stats = FlowStats.of(members.live());
            return load.flows().stream().allMatch(flow -> stats.receivedOf(flow.id()) > 0);
        })) {
            throw new IllegalStateException("not every steady flow moved within " + START);
        }
        note("every steady flow moving (" + load.flows().size() + " flows, " + Load.STEADY_RATE + " msg/s each)");
        sleep(STEADY_LOAD);
    }

    /** The faults, on this scenario's network. */
    Faults faults() {
        return faults;
    }

    /** The current process of member {@code member} (from 1). */
    MemberProcess member(int member) {
        return members.member(member);
    }

    /**
     * {@code kill -9} of member {@code member}'s process, then the sources' counts at once: what they send from
     * then on cannot reach it and must be dead-lettered.
     */
    void kill(int member) {
        MemberProcess victim = members.member(member);
        long signalled = System.currentTimeMillis();
        faults.kill(victim);
        // Detection of a killed process counts from its death (the JVM's exit), not from the signal.
        faultAt = System.currentTimeMillis();
        atKill.put(victim, FlowStats.of(members.live()));
        note(victim.name() + " killed (pid " + victim.pid() + "): its process exited " + (faultAt - signalled)
                + " ms after the signal; detection counts from then");
    }

    /** Restarts member {@code member}: a new process, a new incarnation. */
    MemberProcess restart(int member) {
        MemberProcess restarted = members.start(member);
        note(restarted.name() + " restarted (pid " + restarted.pid() + ")");
        return restarted;
    }

    /** Marks the start of the fault, once its command has taken effect: detection is timed from here. */
    void faultStarts() {
        faultAt = System.currentTimeMillis();
        note("fault starts at " + LocalTime.ofInstant(Instant.ofEpochMilli(faultAt), ZoneId.systemDefault())
                + " (the members' logs' clock); load average " + loadAverage());
    }

    /** The host's 1-minute load average: the two cores are shared, and contention shows in the times. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Marks the heal at {@code at} (ms of the wall clock): convergence is timed from here. */
    void healed(long at) {
        healAt = at;
        note("fault healed, " + (healAt - faultAt) + " ms after it started");
    }

    /** Marks the heal now. */
    void healed() {
        healed(System.currentTimeMillis());
    }

    /** For a fault that does not heal (a process killed for good): convergence is timed from the fault. */
    void neverHeals() {
        healAt = faultAt;
        note("no heal: convergence of the survivors is timed from the fault");
    }

    /** Holds the fault for {@code faultDuration}: the fault's deliberate length, not a wait for a condition. */
    static void holdFault(Duration faultDuration) {
        sleep(faultDuration);
    }

    /** A deliberate length of time (of load or of a fault), not a wait for a condition. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Measures what the issue requires after the heal and returns the checks, with the figures in
     * {@code section} of the report.
     */
    List<Check> measure(String title, String fault, Expectations expected, ReliabilityReport report) {
        boolean whole = waitUntil(AFTER_HEAL, members::directoriesWhole);
        note(whole ? "every directory whole again" : "directories not whole " + AFTER_HEAL.toSeconds()
                + " s after the heal");
        List<Load.Flow> aliveSteady = load.flows().stream()
                .filter(flow -> flow.steady() && survived(flow.from()) && survived(flow.to())).toList();
        FlowStats atHeal = FlowStats.of(members.live());
        Set<String> moving = new HashSet<>();
        List<Round> rounds = new ArrayList<>();
        for (int attempt = 1; attempt <= MAX_ROUNDS; attempt++) {
            Map<MemberProcess, Integer> before = new LinkedHashMap<>();
            members.live().forEach(member -> before.put(member, member.incarnations().size()));
            long roundAt = System.currentTimeMillis();
            List<Load.Flow> flows = load.startRound(attempt == 1 ? "heal" : "heal" + attempt, members.live(), BURST);
            note("round " + attempt + ": a fresh sink on every live member and " + flows.size() + " fresh flows of "
                    + BURST + " messages, one on every ordered pair");
            FlowStats[] last = new FlowStats[1];
            waitUntil(AFTER_HEAL, POLL, () -> {
                FlowStats now = FlowStats.of(members.live());
                last[0] = now;
                aliveSteady.stream().filter(flow -> now.receivedOf(flow.id()) > atHeal.receivedOf(flow.id()))
                        .forEach(flow -> moving.add(flow.id()));
                boolean steadyDone = aliveSteady.stream().allMatch(flow -> moving.contains(flow.id())
                        || reincarnated(flow.from()) || reincarnated(flow.to()));
                boolean complete = flows.stream().allMatch(flow -> now.receivedOf(flow.id()) == flow.limit());
                boolean cutShort = changed(before) && flows.stream()
                        .allMatch(flow -> now.receivedOf(flow.id()) + now.deadOf(flow.id()) >= flow.limit());
                return steadyDone && (complete || cutShort);
            });
            List<String> reincarnated = before.entrySet().stream()
                    .filter(e -> e.getKey().incarnations().size() > e.getValue()).map(e -> e.getKey().name()).toList();
            Round round = new Round(attempt, roundAt, flows, last[0], reincarnated);
            rounds.add(round);
            if (round.complete() || reincarnated.isEmpty() || attempt == MAX_ROUNDS) {
                break;
            }
            note("round " + attempt + " cut short: " + String.join(", ", reincarnated) + " became a new incarnation "
                    + "during it; another round once every directory is whole");
            waitUntil(AFTER_HEAL, members::directoriesWhole);
        }
        sleep(Duration.ofMillis(Math.max(0, healAt + STEADY_LOAD.toMillis() - System.currentTimeMillis())));
        members.live().forEach(member -> member.call("stop-flows"));
        FlowStats end = drained();
        Map<String, Long> heap = new LinkedHashMap<>();
        members.live().forEach(member -> heap.put(member.name(), member.call("gc").get("heapUsed").asLong()));
        noteProductSignals();
        note("measured; scenario took " + (System.currentTimeMillis() - startedAt) / 1000 + " s; load average "
                + loadAverage());

        Set<String> declaredGone = new TreeSet<>();
        everyProcess().stream().filter(p -> !p.incarnations().isEmpty()).forEach(p -> declaredGone.add(p.name()));
        List<Load.Flow> stoppedWithIncarnation = aliveSteady.stream()
                .filter(flow -> reincarnated(flow.from()) || reincarnated(flow.to())).toList();
        List<Load.Flow> survivingSteady = aliveSteady.stream().filter(flow -> !stoppedWithIncarnation.contains(flow))
                .toList();
        List<FlowFigures> figures = load.flows().stream()
                .map(flow -> FlowFigures.of(flow, end, this::survived, sentAtDeath(flow))).toList();
        Map<String, String> toMember = new LinkedHashMap<>();
        load.flows().forEach(flow -> toMember.put(flow.id(), flow.to().name()));
        MemberProcess faulty = original.get(expected.faulty());
        List<MemberProcess> observers = original.values().stream().filter(p -> p != faulty && survived(p)).toList();
        Map<String, List<View>> views = new LinkedHashMap<>();
        members.live().forEach(member -> views.put(member.name(), member.views()));
        List<Check> checks = new ArrayList<>(PropertyChecks.detection(expected, faulty, observers,
                original.get(1).address(), faultAt));
        if (expected.oneWayTo() != 0) {
            checks.add(PropertyChecks.oneWayCutNoticed(faulty, original.get(expected.oneWayTo()), faultAt));
        }
        checks.add(PropertyChecks.convergence(views, members.liveAddresses(), healAt));
        checks.add(PropertyChecks.pairsTalkAgain(rounds, end, healAt));
        checks.add(PropertyChecks.steadyFlowsMove(survivingSteady, moving, stoppedWithIncarnation));
        checks.addAll(PropertyChecks.loss(figures, toMember, declaredGone));
        checks.add(PropertyChecks.heap(heap));
        timeline.sort(Comparator.comparingLong(Note::at));
        report.add(new ReliabilityReport.Section(title, fault, timeline.stream().map(Note::text).toList(), checks,
                figures));
        return checks;
    }

    /** Whether a member of {@code before} (with its count of incarnation changes then) changed since. */
    private static boolean changed(Map<MemberProcess, Integer> before) {
        return before.entrySet().stream().anyMatch(e -> e.getKey().incarnations().size() > e.getValue());
    }

    /**
     * One round of fresh flows on every ordered pair after the heal.
     *
     * @param attempt      its number, from 1
     * @param startedAt    when it started (before its sinks were created), ms of the wall clock
     * @param flows        its flows
     * @param last         the counts when its wait ended
     * @param reincarnated the members that became a new incarnation during it (and so cut it short)
     */
    record Round(int attempt, long startedAt, List<Load.Flow> flows, FlowStats last, List<String> reincarnated) {
        boolean complete() {
            return last != null && flows.stream().allMatch(flow -> last.receivedOf(flow.id()) == flow.limit());
        }
    }

    /** Whether {@code process} became a new incarnation (was declared gone) during the scenario. */
    private static boolean reincarnated(MemberProcess process) {
        return !process.incarnations().isEmpty();
    }

    /** Every process this scenario started, the replaced ones included. */
    private List<MemberProcess> everyProcess() {
        List<MemberProcess> every = new ArrayList<>(original.values());
        for (int member = 1; member <= MEMBERS; member++) {
            if (!every.contains(members.member(member))) {
                every.add(members.member(member));
            }
        }
        return every;
    }

    /**
     * Notes in the timeline, at their own times, the product's signals after the fault: each member's first loss
     * of the leader, the leader's isolation, every incarnation change (with when it was declared gone, and when the
     * leader welcomed the new incarnation) and every rejoin.
     */
    private void noteProductSignals() {
        for (MemberProcess process : everyProcess()) {
            List<ProductEvent> events = process.events().stream().filter(e -> e.at() >= faultAt).toList();
            events.stream().filter(e -> e.kind().equals("leader-lost")).findFirst().ifPresent(e -> note(e.at(),
                    process.name() + " logs `" + shorten(e.message()) + "` (" + (e.at() - faultAt)
                            + " ms after the fault started)"));
            events.stream().filter(e -> e.kind().startsWith("leader-isolated") || e.kind().equals("leader-unisolated")
                    || e.kind().equals("rejoined") || e.kind().equals("refused-as-gone")).forEach(e -> note(e.at(),
                    process.name() + " logs `" + shorten(e.message()) + "`"));
            for (IncarnationChange change : process.incarnations()) {
                String why = events.stream().filter(e -> e.kind().equals("declared-gone") && e.at() <= change.at())
                        .reduce((a, b) -> b).map(e -> " (it logs `" + shorten(e.message()) + "`)").orElse("");
                OptionalLong welcomed = events.stream().filter(e -> (e.kind().equals("joined")
                                || e.kind().equals("rejoined")) && e.at() >= change.at())
                        .mapToLong(ProductEvent::at).findFirst();
                note(change.at(), process.name() + " rejoined as a new incarnation (" + change.from() + " → "
                        + change.to() + ") " + (change.at() - faultAt) + " ms after the fault started, "
                        + (change.at() - healAt) + " ms after the heal" + why
                        + (welcomed.isPresent() ? "; the leader welcomed it " + (welcomed.getAsLong() - change.at())
                        + " ms later" : "; no welcome from the leader logged"));
            }
        }
    }

    private static String shorten(String message) {
        return message.length() <= 240 ? message : message.substring(0, 240) + "…";
    }

    /** The stats once nothing moves any more (every source stopped), or after {@link #AFTER_HEAL}. */
    private FlowStats drained() {
        FlowStats[] last = {FlowStats.of(members.live())};
        waitUntil(AFTER_HEAL, STATS_POLL, () -> {
            FlowStats now = FlowStats.of(members.live());
            boolean still = now.sameCounts(last[0]);
            last[0] = now;
            return still;
        });
        return last[0];
    }

    private Long sentAtDeath(Load.Flow flow) {
        FlowStats stats = atKill.get(flow.to());
        return stats == null ? null : stats.sent().getOrDefault(flow.id(), 0L);
    }

    private boolean survived(MemberProcess process) {
        return process.isAlive();
    }

    /** Notes {@code event} (such as what the test did to inject the fault) in the scenario's timeline. */
    void note(String event) {
        note(System.currentTimeMillis(), event);
    }

    /** Notes {@code event}, which happened at {@code at} (ms of the wall clock), in the scenario's timeline. */
    private void note(long at, String event) {
        timeline.add(new Note(at, String.format("+%.1f s: %s", (at - startedAt) / 1000.0, event)));
    }

    /** A line of the timeline, and when it happened. */
    private record Note(long at, String text) {
    }

    private static boolean waitUntil(Duration atMost, Callable<Boolean> condition) {
        return waitUntil(atMost, POLL, condition);
    }

    private static boolean waitUntil(Duration atMost, Duration poll, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(poll).pollDelay(Duration.ZERO).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Kills every process of the scenario, by PID, and removes its network. */
    @Override
    public void close() {
        try {
            members.close();
        } finally {
            net.close();
        }
    }
}
