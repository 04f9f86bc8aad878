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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

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
    private static final int BURST = 100;
    /** How long the steady load runs before the fault, and at least after the heal before it is measured. */
    private static final Duration STEADY_LOAD = Duration.ofSeconds(3);

    private final Topology net;
    private final MemberProcesses members;
    private final Faults faults;
    private final Load load = new Load();
    private final List<String> timeline = new ArrayList<>();
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
        faults.kill(victim);
        atKill.put(victim, FlowStats.of(members.live()));
        note(victim.name() + " killed (pid " + victim.pid() + ")");
    }

    /** Restarts member {@code member}: a new process, a new incarnation. */
    MemberProcess restart(int member) {
        MemberProcess restarted = members.start(member);
        note(restarted.name() + " restarted (pid " + restarted.pid() + ")");
        return restarted;
    }

    /** Marks the start of the fault: detection is timed from here. */
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
        List<Load.Flow> survivingSteady = load.flows().stream()
                .filter(flow -> flow.steady() && survived(flow.from()) && survived(flow.to())).toList();
        FlowStats atHeal = FlowStats.of(members.live());
        Set<String> moving = waitForFlows(survivingSteady, stats -> survivingSteady.stream()
                .filter(flow -> stats.receivedOf(flow.id()) > atHeal.receivedOf(flow.id()))
                .map(Load.Flow::id).collect(Collectors.toSet()));
        sleep(Duration.ofMillis(Math.max(0, healAt + STEADY_LOAD.toMillis() - System.currentTimeMillis())));
        List<Load.Flow> bursts = startBursts(expected.faulty());
        waitForFlows(bursts, stats -> bursts.stream().filter(flow -> stats.receivedOf(flow.id()) == flow.limit())
                .map(Load.Flow::id).collect(Collectors.toSet()));
        members.live().forEach(member -> member.call("stop-flows"));
        FlowStats end = drained();
        Map<String, Long> heap = new LinkedHashMap<>();
        members.live().forEach(member -> heap.put(member.name(), member.call("gc").get("heapUsed").asLong()));
        note("measured; scenario took " + (System.currentTimeMillis() - startedAt) / 1000 + " s; load average "
                + loadAverage());

        List<FlowFigures> figures = load.flows().stream()
                .map(flow -> FlowFigures.of(flow, end, this::survived, sentAtDeath(flow))).toList();
        MemberProcess faulty = original.get(expected.faulty());
        List<MemberProcess> observers = original.values().stream().filter(p -> p != faulty && survived(p)).toList();
        Map<String, List<View>> views = new LinkedHashMap<>();
        members.live().forEach(member -> views.put(member.name(), member.views()));
        List<Check> checks = new ArrayList<>(PropertyChecks.detection(expected, faulty, observers,
                original.get(1).address(), faultAt));
        checks.add(PropertyChecks.convergence(views, members.liveAddresses(), healAt));
        checks.add(PropertyChecks.pairsTalkAgain(survivingSteady, moving));
        checks.addAll(PropertyChecks.bursts(faulty.name(), bursts, end));
        checks.addAll(PropertyChecks.loss(figures));
        checks.add(PropertyChecks.heap(heap));
        report.add(new ReliabilityReport.Section(title, fault, List.copyOf(timeline), checks, figures));
        return checks;
    }

    private List<Load.Flow> startBursts(int faulty) {
        MemberProcess target = members.member(faulty);
        if (!target.isAlive()) {
            return List.of();
        }
        Load.SinkAddress fresh = Load.createSink(target);
        for (MemberProcess other : members.live()) {
            if (other != target) {
                load.startBurst("heal", other, target, fresh, BURST);
                load.startBurst("heal", target, other, load.steadySink(other), BURST);
            }
        }
        note("bursts of " + BURST + " to a sink created on " + target.name() + " after the heal, and from it");
        return load.flows().stream().filter(flow -> !flow.steady()).toList();
    }

    private Set<String> waitForFlows(List<Load.Flow> flows, Function<FlowStats, Set<String>> done) {
        Set<String> reached = new HashSet<>();
        waitUntil(AFTER_HEAL, STATS_POLL, () -> {
            reached.addAll(done.apply(FlowStats.of(members.live())));
            return reached.size() == flows.size();
        });
        return reached;
    }

    /** The stats once nothing moves any more (every source stopped), or after {@link #AFTER_HEAL}. */
    private FlowStats drained() {
        FlowStats[] last = {FlowStats.of(members.live())};
        waitUntil(AFTER_HEAL, STATS_POLL, () -> {
            FlowStats now = FlowStats.of(members.live());
            boolean still = now.received().equals(last[0].received()) && now.sent().equals(last[0].sent())
                    && now.dead().equals(last[0].dead());
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
        timeline.add(String.format("+%.1f s: %s", (System.currentTimeMillis() - startedAt) / 1000.0, event));
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
