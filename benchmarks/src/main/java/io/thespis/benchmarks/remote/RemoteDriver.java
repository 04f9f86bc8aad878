package io.thespis.benchmarks.remote;

import io.thespis.benchmarks.report.RunFigures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The cross-process figures: for each run, Thespis and Pekko, in plaintext and with mutual TLS (the order reversed
 * every other run), each start a second JVM on 127.0.0.1 and measure remote tell throughput, remote ask latency
 * from outside code, and (Thespis only) remote creation placed by capability; then Thespis' cost of TLS against its
 * own plaintext. Each run also measures the floor under an ask, in plaintext and with TLS ({@link TcpFloor}). The
 * certificates come from a throwaway CA ({@link BenchmarkCertificates}). Prints one JSON line ({@link RunFigures}).
 *
 * <p>Usage: {@code RemoteDriver RUNS}
 */
public final class RemoteDriver {
    /**
     * Long on purpose: measured in one pair of JVMs, Thespis' tell rate kept climbing over the first six million
     * messages (C2 compiling the send, frame and delivery paths; with TLS, the TLS engine's too), from 0.5-0.6 M/s to
     * 0.8-0.97 M/s, with and without TLS alike; after 200,000 the figure, and the TLS cost, measured the JIT.
     */
    private static final int TELL_WARMUP = 5_000_000;
    private static final int TELL_MESSAGES = 1_000_000;
    /**
     * Long on purpose: with 5,000, JFR showed C2 still compiling gRPC's and Netty's per-frame methods while the
     * asks were measured (a frame per ask, where a tell carries hundreds), and the p99 measured the JIT.
     */
    private static final int ASK_WARMUP = 40_000;
    private static final int ASKS = 10_000;
    /**
     * Long on purpose: in one pair of JVMs the creation median kept falling over the first 15,000 creations (C2
     * compiling the unary call, placement and creation paths), from 790 µs to 380 µs; after 300 it measured the JIT.
     */
    private static final int CREATE_WARMUP = 15_000;
    private static final int CREATES = 2_000;

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
                        + "TCP, actors looked up by path, defaults otherwise. Tell: after 5,000,000 messages of "
                        + "warm-up (the rate climbs until then while C2 compiles), a sender here streams 1,000,000 "
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
                        + "still match compilations (17–57 ms each). Create: after 15,000 of warm-up (the median "
                        + "falls until then while C2 compiles), outside code here creates an actor that only the "
                        + "other JVM qualifies for, 2,000 times, each stopped after. "
                        + "TLS rows: the same work, in the same runs, with the same warm-up, each platform in a fresh "
                        + "pair of JVMs with mutual TLS 1.3. The driver makes a throwaway Convention CA in a temporary "
                        + "directory (deleted after) and issues one member certificate per JVM for 127.0.0.1, EC P-256 "
                        + "keys signed ECDSA-SHA256; both platforms present the same keys. Thespis: the driver's "
                        + "system by `tls(directory, \"driver\")`, the member by `--tls-dir DIR --tls-name node` "
                        + "(PEM files); gRPC's Netty TLS (BoringSSL where netty-tcnative has it, as on Linux x86-64), "
                        + "its TLS 1.3 cipher suites, the client checking the server's address against its "
                        + "certificate. Pekko: Artery's `tls-tcp` transport with `ConfigSSLEngineProvider` (the JDK's "
                        + "TLS), PKCS12 key and trust stores made from the same certificates, `protocol = TLSv1.3`, "
                        + "its default suites `TLS_AES_128_GCM_SHA256` and `TLS_AES_256_GCM_SHA384`, "
                        + "`require-mutual-authentication = on`, `hostname-verification = on`. Order in a run: "
                        + "Thespis, Pekko, Thespis with TLS, Pekko with TLS; reversed in every other run. TLS cost: "
                        + "how much worse Thespis with TLS is than Thespis in plaintext in the same run, in percent "
                        + "of plaintext (throughput lost, latency added). Goal: TLS costs Thespis at most 15 % on "
                        + "each figure and keeps it ahead of Pekko on every one. Floor: in every run, a blocking "
                        + "request-reply between this JVM and a fresh one over one TCP connection on 127.0.0.1 "
                        + "(`TcpFloor`: `java.net.Socket`, `TCP_NODELAY`, one thread per side, " + TcpFloor.ASK_BYTES
                        + " bytes each way, the size of one ask's transport frame with gRPC's and HTTP/2's framing; "
                        + "50,000 round trips of warm-up, 100,000 measured), and the same over TLS 1.3 with mutual "
                        + "authentication (the JDK's TLS, the same certificates) for the TLS rows.");
        try (BenchmarkCertificates certificates = BenchmarkCertificates.create()) {
            for (int run = 0; run < runs; run++) {
                List<Setup> order = new ArrayList<>(List.of(Setup.values()));
                if (run % 2 == 1) {
                    Collections.reverse(order);
                }
                Map<Setup, Measured> measured = new EnumMap<>(Setup.class);
                for (Setup setup : order) {
                    measured.put(setup, measure(setup.platform(certificates)));
                }
                TcpFloor.Figures floor = TcpFloor.measure(null);
                TcpFloor.Figures tlsFloor = TcpFloor.measure(certificates);
                add(figures, measured, floor, tlsFloor);
                System.err.println("run " + (run + 1) + ": " + measured + ", floor " + floor + ", TLS floor "
                        + tlsFloor);
            }
        }
        System.out.println(figures.toJson());
        System.exit(0);
    }

    /**
     * Records one run's figures: plaintext and TLS against Pekko and against their floor, then TLS against plaintext
     * for Thespis.
     */
    private static void add(RunFigures figures, Map<Setup, Measured> measured, TcpFloor.Figures floor,
                            TcpFloor.Figures tlsFloor) {
        Measured thespis = measured.get(Setup.THESPIS);
        Measured thespisTls = measured.get(Setup.THESPIS_TLS);
        for (Metric metric : Metric.values()) {
            figures.add(metric.id, metric.label, metric.unit, metric.higherBetter, metric.target, metric.of(thespis),
                    metric.twin(measured.get(Setup.PEKKO)), metric.floor(floor));
        }
        addFloor(figures, "", "", floor);
        figures.add("create_over_ask", "remote createActor placed by capability, in remote ask medians", "×", false,
                "≤ 2 ×", thespis.createMedian() / thespis.askMedian(), null);
        for (Metric metric : Metric.values()) {
            Double pekko = metric.twin(measured.get(Setup.PEKKO_TLS));
            figures.add("tls_" + metric.id, "TLS: " + metric.label, metric.unit, metric.higherBetter,
                    pekko == null ? "" : "ahead of Pekko", metric.of(thespisTls), pekko, metric.floor(tlsFloor));
        }
        addFloor(figures, "tls_", "TLS: ", tlsFloor);
        for (Metric metric : Metric.values()) {
            double ratio = metric.of(thespisTls) / metric.of(thespis);
            figures.add("tls_cost_" + metric.id, "TLS cost: " + metric.label, "%", false, "≤ 15 %",
                    100 * (metric.higherBetter ? 1 - ratio : ratio - 1), null);
        }
        double floorRatio = tlsFloor.median() / floor.median();
        figures.add("tls_cost_tcp_floor_p50", "TLS cost: floor, median", "%", false, "", 100 * (floorRatio - 1),
                null);
    }

    private static void addFloor(RunFigures figures, String idPrefix, String labelPrefix, TcpFloor.Figures floor) {
        figures.add(idPrefix + "tcp_floor_p50", labelPrefix + "floor: blocking TCP request-reply, median", "µs",
                false, "", floor.median(), null);
        figures.add(idPrefix + "tcp_floor_p99", labelPrefix + "floor: blocking TCP request-reply, p99", "µs", false,
                "", floor.p99(), null);
    }

    /** One platform's figures in one run; latencies in µs. */
    record Measured(double tellRate, double askMedian, double askP99, double createMedian) {
    }

    /** What one run measures, in the order of its first run. */
    private enum Setup {
        THESPIS, PEKKO, THESPIS_TLS, PEKKO_TLS;

        RemotePlatform platform(BenchmarkCertificates certificates) {
            return switch (this) {
                case THESPIS -> new ThespisRemote(null);
                case PEKKO -> new PekkoRemote(null);
                case THESPIS_TLS -> new ThespisRemote(certificates);
                case PEKKO_TLS -> new PekkoRemote(certificates);
            };
        }
    }

    /** One figure of a setup: its id, name, unit and direction, the plaintext target, and its value. */
    private enum Metric {
        TELL("remote_tell", "remote tell, 1 sender → 1 receiver in another process", "messages/s", true,
                "≥ 4× Pekko", Measured::tellRate),
        ASK_MEDIAN("remote_ask_p50", "remote ask round trip from outside, median", "µs", false, "≤ 1.3× floor",
                Measured::askMedian),
        ASK_P99("remote_ask_p99", "remote ask round trip from outside, p99", "µs", false, "≤ 1.3× floor",
                Measured::askP99),
        CREATE("remote_create_capability_p50", "remote createActor placed by capability, median", "µs", false, "",
                Measured::createMedian);

        private final String id;
        private final String label;
        private final String unit;
        private final boolean higherBetter;
        private final String target;
        private final ToDoubleFunction<Measured> value;

        Metric(String id, String label, String unit, boolean higherBetter, String target,
               ToDoubleFunction<Measured> value) {
            this.id = id;
            this.label = label;
            this.unit = unit;
            this.higherBetter = higherBetter;
            this.target = target;
            this.value = value;
        }

        double of(Measured measured) {
            return value.applyAsDouble(measured);
        }

        /** Pekko's value, or null where it has no twin (creation placed by capability). */
        Double twin(Measured pekko) {
            return this == CREATE ? null : of(pekko);
        }

        /** The floor under this figure, or null where the TCP round trip bounds nothing (tell, creation). */
        Double floor(TcpFloor.Figures floor) {
            return switch (this) {
                case ASK_MEDIAN -> floor.median();
                case ASK_P99 -> floor.p99();
                case TELL, CREATE -> null;
            };
        }
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
