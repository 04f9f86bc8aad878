package io.thespis.benchmarks.remote;

import io.thespis.benchmarks.report.RunFigures;

import java.util.Arrays;

/**
 * The cross-process figures: for each run, Thespis and Pekko (alternating which goes first) each start a second
 * JVM on 127.0.0.1 and measure remote tell throughput, remote ask latency from outside code, and (Thespis only)
 * remote creation placed by capability. Prints one JSON line ({@link RunFigures}).
 *
 * <p>Usage: {@code RemoteDriver RUNS}
 */
public final class RemoteDriver {
    private static final int TELL_WARMUP = 200_000;
    private static final int TELL_MESSAGES = 1_000_000;
    /**
     * Long on purpose: with 5,000, JFR showed C2 still compiling gRPC's and Netty's per-frame methods while the
     * asks were measured (a frame per ask, where a tell carries hundreds), and the p99 measured the JIT.
     */
    private static final int ASK_WARMUP = 40_000;
    private static final int ASKS = 10_000;
    private static final int CREATE_WARMUP = 300;
    private static final int CREATES = 1_000;

    private RemoteDriver() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        RunFigures figures = new RunFigures("Across processes: Thespis and Apache Pekko (Artery TCP)",
                "`RemoteDriver`: this JVM and a second one on 127.0.0.1, both `-Xmx512m` (driver `-Xmx1g`). Thespis: "
                        + "the driver's system leads, the other JVM is a `thespis member` with capability "
                        + "`remote=true`, so the receiver and echo actors are placed there; an actor's sends to "
                        + "another process are written when its handler returns, on its own worker, up to 256 "
                        + "envelopes per frame, and outside code's at once. Pekko 1.7.0: classic actors over Artery "
                        + "TCP, actors looked up by path, defaults otherwise. Tell: a sender here streams 1,000,000 "
                        + "boxed integers to a receiver there, which acknowledges every 1,000; at most 20,000 "
                        + "unacknowledged (Artery drops what overflows its outbound queue, so both pace the same way; "
                        + "Pekko's queue is raised from 3,072 to 30,000 to hold the window). Ask: 40,000 warm-up "
                        + "asks, then 10,000 sequential asks from outside code here to an echo actor there. The long "
                        + "warm-up is what the profile asked for: after 5,000, JFR (`jdk.Compilation`, "
                        + "`jdk.GarbageCollection` in both JVMs, with the time of every ask over 500 µs) showed the "
                        + "slow asks in bursts that match C2 compiling gRPC's and Netty's per-frame methods "
                        + "(about 1.6 s of compiler time per JVM in a 4 s window of asks, single compilations up to "
                        + "224 ms), not garbage collections (5 or 6 per JVM in that window); on 2 cores the p99 then "
                        + "measured the JIT of both JVMs, for both platforms. After 40,000, the rarer bursts left "
                        + "still match compilations (17–57 ms each). Create: outside code here creates an actor that "
                        + "only the other JVM qualifies for, 1,000 times.");
        for (int run = 0; run < runs; run++) {
            boolean thespisFirst = run % 2 == 0;
            Measured thespis = null;
            Measured pekko = null;
            for (int turn = 0; turn < 2; turn++) {
                if (thespisFirst == (turn == 0)) {
                    thespis = measure(new ThespisRemote());
                } else {
                    pekko = measure(new PekkoRemote());
                }
            }
            figures.add("remote tell, 1 sender → 1 receiver in another process", "messages/s", true, "≥ 1.5× Pekko",
                    thespis.tellRate(), pekko.tellRate());
            figures.add("remote ask round trip from outside, median", "µs", false, "≤ 0.7× Pekko",
                    thespis.askMedian(), pekko.askMedian());
            figures.add("remote ask round trip from outside, p99", "µs", false, "≤ 0.7× Pekko",
                    thespis.askP99(), pekko.askP99());
            figures.add("remote createActor placed by capability, median", "µs", false, "", thespis.createMedian(),
                    null);
            System.err.println("run " + (run + 1) + ": thespis " + thespis + " / pekko " + pekko);
        }
        System.out.println(figures.toJson());
        System.exit(0);
    }

    /** One platform's figures in one run; latencies in µs. */
    record Measured(double tellRate, double askMedian, double askP99, double createMedian) {
    }

    private static Measured measure(RemotePlatform platform) throws Exception {
        try (platform) {
            platform.start();
            platform.tell(TELL_WARMUP);
            double tellRate = TELL_MESSAGES / platform.tell(TELL_MESSAGES);
            for (int i = 0; i < ASK_WARMUP; i++) {
                platform.ask();
            }
            long[] asks = new long[ASKS];
            for (int i = 0; i < ASKS; i++) {
                asks[i] = platform.ask();
            }
            double createMedian = Double.NaN;
            if (platform instanceof ThespisRemote thespis) {
                for (int i = 0; i < CREATE_WARMUP; i++) {
                    thespis.create();
                }
                long[] creates = new long[CREATES];
                for (int i = 0; i < CREATES; i++) {
                    creates[i] = thespis.create();
                }
                createMedian = percentile(creates, 0.5);
            }
            return new Measured(tellRate, percentile(asks, 0.5), percentile(asks, 0.99), createMedian);
        }
    }

    /** The {@code fraction} percentile of {@code nanos}, in µs. */
    private static double percentile(long[] nanos, double fraction) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] / 1000.0;
    }
}
