package io.thespis.reliability;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemBase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member of the fault-injection Convention, in a process (and network namespace) of its own:
 * {@code ProbeMember NAME ADVERTISE LEADER_HOST:PORT HEARTBEAT_MS MEMBER_TIMEOUT_MS TLS_DIR} (the timings {@code -}
 * for the product's defaults; every hop mutual TLS with the member certificate in {@code TLS_DIR}). It takes commands on standard input, one a line, {@code REQ VERB ARGS...}, and answers each
 * with a {@code reply} line carrying {@code req} on standard output ({@link ProbeOutput}); {@code view} lines
 * ({@link ViewReporter}), {@code event} lines ({@link ProductEvents}) and {@code incarnation} lines
 * ({@link Incarnations}) come in between. The test's control path is these pipes, never the network it cuts.
 *
 * <ul>
 *   <li>{@code sink}: creates a {@link Sink} in the current incarnation; answers its {@code system} and {@code id}.</li>
 *   <li>{@code flow FLOW SYSTEM ID RATE LIMIT}: a {@link Source} sending flow {@code FLOW} to actor {@code ID} of
 *       {@code SYSTEM}, {@code RATE} a second, {@code LIMIT} in all (0: until {@code stop-flows}).</li>
 *   <li>{@code stop-flows}: every source stops.</li>
 *   <li>{@code stats}: the process's {@link Tallies} (what its sinks received, its sources sent, its dead-letter
 *       counters saw, by flow, whichever incarnation kept them), the heap in use, the view.</li>
 *   <li>{@code gc}: a full collection, then the heap in use (the live set).</li>
 * </ul>
 * It writes {@code started} with its PID first, {@code ready} once its system runs, and stops when its input ends.
 */
public final class ProbeMember {
    private final ActorSystem system;
    private final Incarnations incarnations;

    private ProbeMember(ActorSystem system, Incarnations incarnations) {
        this.system = system;
        this.incarnations = incarnations;
    }

    public static void main(String[] args) throws IOException {
        ProbeOutput output = new ProbeOutput(System.out);
        output.emit("started", Map.of("pid", ProcessHandle.current().pid()));
        Incarnations[] watch = new Incarnations[1];
        ProductEvents.install(output, () -> {
            if (watch[0] != null) {
                watch[0].suspect();
            }
        });
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(1900)
                .advertise(args[1]).conventionLeader(args[2]).messagePackages("io.thespis.reliability")
                .capability("reliability.member", args[0]).tls(Path.of(args[5]), MemberProcesses.TLS_NAME);
        if (!args[3].equals("-")) {
            builder.failureDetection(Duration.ofMillis(Long.parseLong(args[3])),
                    Duration.ofMillis(Long.parseLong(args[4])));
        }
        try (ActorSystem system = builder.start()) {
            Incarnations incarnations = new Incarnations(system, output);
            watch[0] = incarnations;
            incarnations.start();
            new ViewReporter(system, output, incarnations).start();
            output.emit("ready", Map.of("address", system.status().adminAddress(), "system", incarnations.current()));
            new ProbeMember(system, incarnations)
                    .serve(output, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
    }

    private void serve(ProbeOutput output, BufferedReader commands) throws IOException {
        String line;
        while ((line = commands.readLine()) != null) {
            String[] words = line.trim().split(" +");
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("req", words[0]);
            try {
                reply.putAll(execute(words));
            } catch (RuntimeException e) {
                reply.put("error", e.toString());
            }
            output.emit("reply", reply);
        }
    }

    private Map<String, Object> execute(String[] words) {
        return switch (words[1]) {
            case "sink" -> {
                ActorAddress sink = system.createActor(Sink.class);
                yield Map.of("system", sink.system(), "id", sink.actorId());
            }
            case "flow" -> {
                ActorAddress source = system.createActor(Source.class);
                system.tell(source, new Source.Start(words[2], ActorAddress.of(words[3], Long.parseLong(words[4])),
                        Integer.parseInt(words[5]), Long.parseLong(words[6])));
                yield Map.of("flow", words[2], "system", source.system());
            }
            case "stop-flows" -> {
                Tallies.stopFlows();
                yield Map.of();
            }
            case "stats" -> stats();
            case "gc" -> {
                System.gc();
                yield Map.of("heapUsed", heapUsed());
            }
            default -> throw new IllegalArgumentException("unknown command '" + words[1] + "'");
        };
    }

    private Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("received", Tallies.receivedByFlow());
        stats.put("sent", Tallies.sentByFlow());
        stats.put("dead", Tallies.deadByFlow());
        stats.put("heapUsed", heapUsed());
        stats.put("system", incarnations.current());
        stats.put("members", system.status().members().stream().map(MemberStatus::adminAddress).sorted().toList());
        return stats;
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
