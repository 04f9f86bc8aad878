package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.Role;
import io.thespis.internal.placement.Candidate;
import io.thespis.internal.placement.CandidateVerdict;
import io.thespis.internal.placement.Directory;
import io.thespis.internal.placement.PlacementEngine;
import io.thespis.internal.placement.PlacementPolicy;
import io.thespis.internal.placement.PlacementRequest;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code thespis demo}: a Convention of three members in separate processes on 127.0.0.1, actors placed by
 * capability with the reason shown, capabilities changed and placement following, everything stopped at the end.
 * Every hop is mutual TLS, as in production, with certificates from a throwaway Convention CA made for the run and
 * deleted after it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = "Starts a 3-member Convention on 127.0.0.1, places actors by capability and shows why, "
                + "changes a capability and shows the next placement, then stops everything.")
final class DemoCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The file names of the members' certificate, which holds 127.0.0.1, and of the operator's. */
    private static final String MEMBERS = "members";
    private static final String OPERATOR = "demo-operator";

    /** One member process of the demo. */
    private record Member(String role, String address, Process process) {
    }

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private Path tls;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        List<Member> members = new ArrayList<>();
        tls = Files.createTempDirectory("thespis-demo-tls");
        try {
            ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
            ca.issue(Role.MEMBER, MEMBERS, List.of("127.0.0.1"), ConventionCa.DEFAULT_VALIDITY).writeTo(tls);
            ca.issue(Role.OPERATOR, OPERATOR, List.of(), ConventionCa.DEFAULT_VALIDITY).writeTo(tls);
            say("Every hop is mutual TLS: a throwaway Convention CA in " + tls + " issued the members' certificate "
                    + "and the operator's this demo connects with (thespis certs does the same for real hosts)");
            int leaderPort = freePort();
            String leader = "127.0.0.1:" + leaderPort;
            say("Starting a Convention of three members, each a separate process on 127.0.0.1:");
            members.add(start("leader", leaderPort, leader, "role=leader"));
            members.add(start("db", freePort(), leader, "role=db", "Has DB access=true", "zone=eu-west"));
            members.add(start("worker", freePort(), leader, "role=worker", "gpus=2"));
            try (ActorSystem client = ActorSystem.connect(leader, tls, OPERATOR)) {
                awaitStatus(client, status -> status.members().size() == 3);
                out.println();
                out.print(StatusCommand.table(client.status()));
                say("Creating actors from a client of the leader; each lands where its requirements hold:");
                for (Class<?> type : List.of(DemoActors.DbWriter.class, DemoActors.GpuTrainer.class,
                        DemoActors.Greeter.class)) {
                    place(client, type, leader);
                }
                String db = members.get(1).address();
                String worker = members.get(2).address();
                say("The db host loses its database: " + db + " sets \"Has DB access\" = false");
                try (ActorSystem dbClient = ActorSystem.connect(db, tls, OPERATOR)) {
                    dbClient.updateCapability("Has DB access", false);
                }
                awaitCapability(client, db, false);
                place(client, DemoActors.DbWriter.class, leader);
                say("The worker gains one: " + worker + " sets \"Has DB access\" = true");
                try (ActorSystem workerClient = ActorSystem.connect(worker, tls, OPERATOR)) {
                    workerClient.updateCapability("Has DB access", true);
                }
                awaitCapability(client, worker, true);
                place(client, DemoActors.DbWriter.class, leader);
            }
            say("Stopping the Convention (SIGTERM to each member: it leaves and its actors exit)");
            return 0;
        } finally {
            stop(members);
            deleteTls();
        }
    }

    private void deleteTls() throws IOException {
        try (Stream<Path> files = Files.list(tls)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(tls);
    }

    private void say(String line) {
        out.println();
        out.println("== " + line);
        out.flush();
    }

    /** Creates one actor of {@code type}, says where it went and why, and asks it to introduce itself. */
    private void place(ActorSystem client, Class<?> type, String leader) {
        Map<String, String> why = explain(client, type, leader);
        out.println();
        out.println("  " + type.getSimpleName() + " (" + requirement(type) + "):");
        why.forEach((member, verdict) -> out.println("    " + member + "  " + verdict));
        try {
            ActorAddress actor = client.createActor(type.getName(), CreateOptions.none());
            out.println("    -> placed on " + actor.system().substring(0, actor.system().lastIndexOf('/'))
                    + "; it says: " + client.ask(actor, "who are you?", Duration.ofSeconds(10)));
        } catch (NoCompatibleSystemForActor refused) {
            out.println("    -> refused: " + refused.getMessage());
        }
        out.flush();
    }

    private static String requirement(Class<?> type) {
        if (type == DemoActors.DbWriter.class) {
            return "requires \"Has DB access\"";
        }
        return type == DemoActors.GpuTrainer.class ? "requires gpus >= 1" : "requires nothing";
    }

    /** Every member's verdict for {@code type}, from the placement engine itself over the leader's view. */
    private static Map<String, String> explain(ActorSystem client, Class<?> type, String leader) {
        Directory directory = new Directory();
        for (MemberStatus member : client.status().members()) {
            directory.upsert(new Candidate(member.adminAddress(), member.capabilities(), member.generation(),
                    member.actorCount(), 0));
        }
        Map<String, String> why = new LinkedHashMap<>();
        for (CandidateVerdict verdict : new PlacementEngine(PlacementPolicy.LEAST_LOADED)
                .explain(directory, PlacementRequest.of(type, Map.of(), leader, 0))) {
            why.put(verdict.address(), verdict.verdict().eligible() ? "qualifies"
                    + (verdict.address().equals(leader) ? " (and is the deciding system: local first)" : "")
                    : "does not: " + verdict.verdict().reason());
        }
        return why;
    }

    private Member start(String role, int port, String leader, String... capabilities) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Thespis.class.getName(), "member", "--port", String.valueOf(port), "--advertise", "127.0.0.1",
                "--tls-dir", tls.toString(), "--tls-name", MEMBERS));
        if (!leader.equals("127.0.0.1:" + port)) {
            command.addAll(List.of("--leader", leader));
        }
        for (String capability : capabilities) {
            command.addAll(List.of("--capability", capability));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    seen.add(line);
                    if (line.startsWith("thespis member: listening on")) {
                        return line;
                    }
                }
            } catch (IOException e) {
                seen.add(e.toString());
            }
            return null;
        }).completeOnTimeout(null, WAIT.toSeconds(), TimeUnit.SECONDS).join();
        if (ready == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the " + role + " member did not start; it printed: " + String.join(" | ", seen));
        }
        Thread drain = new Thread(() -> drain(output), "demo-drain-" + role);
        drain.setDaemon(true);
        drain.start();
        out.println("  " + role + "  127.0.0.1:" + port + "  pid " + process.pid() + "  " + String.join(", ", capabilities));
        out.flush();
        return new Member(role, "127.0.0.1:" + port, process);
    }

    /** Reads a member's output until it ends, so that it never blocks on a full pipe. */
    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // The demo shows its own account of what happens; the members' logs are not needed here.
            }
        } catch (IOException closedWhenTheMemberStopped) {
            // Nothing more to read.
        }
    }

    private void stop(List<Member> members) throws InterruptedException {
        for (Member member : members) {
            member.process().destroy();
        }
        for (Member member : members) {
            if (member.process().waitFor(15, TimeUnit.SECONDS)) {
                out.println("  " + member.role() + " stopped, exit code " + member.process().exitValue());
            } else {
                member.process().destroyForcibly();
                out.println("  " + member.role() + " did not stop within 15 s; killed");
            }
        }
        out.flush();
    }

    private static void awaitStatus(ActorSystem client, Predicate<io.thespis.actor.SystemStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(client.status())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Convention did not settle within " + WAIT.toSeconds() + " s: "
                        + client.status().members());
            }
            // A poll interval: the demo watches a Convention converge, there is no event to wait on.
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
    }

    private static void awaitCapability(ActorSystem client, String member, boolean hasDatabase) throws InterruptedException {
        awaitStatus(client, status -> status.members().stream().anyMatch(m -> m.adminAddress().equals(member)
                && Boolean.valueOf(hasDatabase).equals(m.capabilities().get("Has DB access"))));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
