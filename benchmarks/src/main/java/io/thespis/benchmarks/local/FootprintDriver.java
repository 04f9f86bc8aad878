package io.thespis.benchmarks.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thespis.benchmarks.remote.Nodes;
import io.thespis.benchmarks.report.RunFigures;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a system costs when it has nothing to do, Thespis and Pekko side by side in the same run, each in a fresh
 * JVM: the heap of a million idle actors (used heap after a full GC, less the same before them, per actor) and then
 * that JVM's CPU over {@link #IDLE} with all of them idle. Also the CPU of the two JVMs of an idle Convention: a
 * {@code thespis member} leading and one joined, heartbeating at the defaults. Prints one JSON line
 * ({@link RunFigures}).
 *
 * <p>Usage: {@code FootprintDriver RUNS}; in the JVM it starts: {@code FootprintDriver measure PLATFORM}.
 */
public final class FootprintDriver {
    private static final int ACTORS = 1_000_000;
    private static final int BATCH = 10_000;
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** Time for the JIT to settle before idle CPU is measured, in-process. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /**
     * The same for a Convention's two JVMs, longer: measured per thread, their C1 and C2 compiler threads still
     * took a third of the CPU of a leader at rest 25 to 55 s after its start.
     */
    private static final Duration CONVENTION_SETTLE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofMinutes(5);

    private enum Kind {
        THESPIS, PEKKO;

        Platform start() {
            return this == THESPIS ? new ThespisPlatform() : new PekkoPlatform();
        }
    }

    /** One platform's figures in one run. */
    record Measured(double bytesPerActor, double idleCpuPercent) {
    }

    private FootprintDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("measure")) {
            Measured measured = measure(Kind.valueOf(args[1]));
            System.out.println(new ObjectMapper().writeValueAsString(measured));
            System.exit(0);
        }
        int runs = Integer.parseInt(args[0]);
        RunFigures figures = new RunFigures("Footprint: Thespis and Apache Pekko at rest",
                "`FootprintDriver`: each platform in a fresh JVM (`-Xmx3g`, G1) per run, in-process (Thespis: "
                        + "`ActorSystem.create()`; Pekko: typed actors with its defaults). One parent creates "
                        + "1,000,000 idle children (batches of 10,000); bytes per actor: the used heap after a full GC "
                        + "(`System.gc()`) less the same before, divided by a million. Idle CPU: then, after "
                        + SETTLE.toSeconds() + " s, that JVM's CPU time (every thread: workers, timers, GC, JIT) over "
                        + IDLE.toSeconds() + " s, in percent of one core. Idle Convention: two `thespis member` "
                        + "processes on 127.0.0.1, a leader and one member (plaintext on loopback, heartbeats every "
                        + "500 ms), measured the same way after " + CONVENTION_SETTLE.toSeconds() + " s.");
        for (int run = 0; run < runs; run++) {
            Map<Kind, Measured> measured = new EnumMap<>(Kind.class);
            for (Kind kind : run % 2 == 0 ? Kind.values() : new Kind[] {Kind.PEKKO, Kind.THESPIS}) {
                measured.put(kind, inFreshJvm(kind));
            }
            double[] convention = idleConvention();
            Measured thespis = measured.get(Kind.THESPIS);
            Measured pekko = measured.get(Kind.PEKKO);
            figures.add("bytes_per_actor", "heap per idle actor, a million of them", "bytes", false, "≤ 1× Pekko",
                    thespis.bytesPerActor(), pekko.bytesPerActor());
            figures.add("idle_cpu_percent", "CPU of a system at rest with a million actors", "% of a core", false,
                    "≤ 2 %", thespis.idleCpuPercent(), pekko.idleCpuPercent());
            figures.add("idle_leader_cpu_percent", "CPU of an idle Convention's leader (`thespis member`)",
                    "% of a core", false, "≤ 2 %", convention[0], null);
            figures.add("idle_member_cpu_percent", "CPU of an idle Convention's member (`thespis member`)",
                    "% of a core", false, "≤ 2 %", convention[1], null);
            System.err.println("run " + (run + 1) + ": " + measured + ", idle Convention leader " + convention[0]
                    + " %, member " + convention[1] + " %");
        }
        System.out.println(figures.toJson());
        System.exit(0);
    }

    private static Measured inFreshJvm(Kind kind) throws Exception {
        Path log = Files.createTempFile("thespis-bench-footprint", ".log");
        Process process = Nodes.start("3g", List.of(FootprintDriver.class.getName(), "measure", kind.name()), log);
        try {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(kind + " footprint failed: " + Files.readString(log));
            }
            List<String> lines = Files.readAllLines(log);
            JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            return new Measured(result.get("bytesPerActor").asDouble(), result.get("idleCpuPercent").asDouble());
        } finally {
            Nodes.stop(process);
        }
    }

    /** In the JVM started for it: a million idle actors on {@code kind}, then this JVM's CPU at rest. */
    private static Measured measure(Kind kind) throws Exception {
        try (Platform platform = kind.start()) {
            platform.askOnce();
            long before = usedHeapAfterGc();
            for (int created = 0; created < ACTORS; created += BATCH) {
                platform.createIdle(BATCH);
            }
            long after = usedHeapAfterGc();
            Thread.sleep(SETTLE.toMillis());
            double cpu = cpuPercent(List.of(ProcessHandle.current()))[0];
            return new Measured((after - before) / (double) ACTORS, cpu);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The CPU of a leader and one member at rest, each in percent of one core. */
    private static double[] idleConvention() throws Exception {
        int port = Nodes.freePort();
        List<Process> processes = new ArrayList<>();
        try {
            String cli = "io.thespis.internal.cli.Thespis";
            processes.add(Nodes.start("512m", List.of(cli, "member", "--port", String.valueOf(port)),
                    Files.createTempFile("thespis-bench-leader", ".log")));
            processes.add(Nodes.start("512m", List.of(cli, "member", "--port", "0", "--leader", "127.0.0.1:" + port),
                    Files.createTempFile("thespis-bench-member", ".log")));
            Thread.sleep(CONVENTION_SETTLE.toMillis());
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a member of the idle Convention exited with "
                            + process.exitValue());
                }
            }
            return cpuPercent(processes.stream().map(Process::toHandle).toList());
        } finally {
            for (Process process : processes) {
                Nodes.stop(process);
            }
        }
    }

    /** Each process's CPU time over {@link #IDLE}, in percent of one core. */
    private static double[] cpuPercent(List<ProcessHandle> processes) throws InterruptedException {
        long[] before = new long[processes.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = cpuNanos(processes.get(i));
        }
        long start = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        double elapsed = System.nanoTime() - start;
        double[] percent = new double[before.length];
        for (int i = 0; i < percent.length; i++) {
            percent[i] = 100 * (cpuNanos(processes.get(i)) - before[i]) / elapsed;
        }
        return percent;
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + process.pid())).toNanos();
    }
}
