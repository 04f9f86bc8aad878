package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members in separate JVMs on 127.0.0.1 (a leader, a worker, a database host), joined by this JVM's own
 * member, which drives the scenarios. Every process is stopped in {@link #stopAll()}, by PID, whatever happens.
 */
class MultiProcessConventionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<Process> processes = new ArrayList<>();
    private ActorSystem driver;

    @AfterEach
    void stopAll() {
        if (driver != null) {
            driver.shutdown();
        }
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts a member JVM and waits until it listens; returns its process. */
    private Process member(int port, String leader, String... capabilities) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), MemberProcess.class.getName(),
                String.valueOf(port), leader == null ? "-" : leader, TestCertificates.directory().toString()));
        command.addAll(List.of(capabilities));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                return "exited";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orTimeout(60, TimeUnit.SECONDS).join();
        assertEquals("READY 127.0.0.1:" + port, ready, "member on port " + port);
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // Discarded: only the READY line matters.
                }
            } catch (IOException closedWhenKilled) {
                // The member is gone.
            }
        }, "drain-" + port);
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private ActorSystem driver(String leader) {
        driver = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader(leader).messagePackages("io.thespis.internal.member")
                .tls(TestCertificates.directory(), TestCertificates.MEMBERS).start();
        return driver;
    }

    private static Set<String> memberAddresses(ActorSystem system) {
        return system.status().members().stream().map(MemberStatus::adminAddress).collect(Collectors.toSet());
    }

    /** Answers text with where it runs. */
    abstract static class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, text + " from " + myAddress().system());
            }
        }
    }

    @RequireCapability("Has DB access")
    static class DbEcho extends Echo {
    }

    @RequireCapability("worker")
    static class WorkerEcho extends Echo {
    }

    /** Creates a DbEcho child on request and reports the exit of its children to whoever asked to watch. */
    static class Parent extends Actor {
        private ActorAddress watcher;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("spawn".equals(message)) {
                watcher = sender;
                send(sender, createActor(DbEcho.class));
            } else if (message instanceof ChildActorExited exited) {
                // The child's address: outside code does not receive the system's own messages.
                send(watcher, exited.child());
            }
        }
    }

    @Test
    void actorsLandByCapabilityAndAKilledMemberIsDroppedWithItsChildrensParentsTold() throws Exception {
        int leaderPort = freePort();
        String leader = "127.0.0.1:" + leaderPort;
        member(leaderPort, null, "role=leader");
        int workerPort = freePort();
        member(workerPort, leader, "role=worker", "worker=true");
        int dbPort = freePort();
        Process db = member(dbPort, leader, "role=db", "Has DB access=true");
        ActorSystem here = driver(leader);
        await().atMost(WAIT).until(() -> memberAddresses(here).size() == 4);

        ActorAddress echo = here.createActor(DbEcho.class);
        assertTrue(echo.system().startsWith("127.0.0.1:" + dbPort + "/"), echo.toString());
        assertEquals("hi from " + echo.system(), here.ask(echo, "hi", WAIT));
        ActorAddress workerEcho = here.createActor(WorkerEcho.class);
        assertTrue(workerEcho.system().startsWith("127.0.0.1:" + workerPort + "/"), workerEcho.toString());

        ActorAddress parent = here.createActor(Parent.class);
        ActorAddress child = (ActorAddress) here.ask(parent, "spawn", WAIT);
        assertTrue(child.system().startsWith("127.0.0.1:" + dbPort + "/"), child.toString());

        db.destroyForcibly();
        assertEquals(child, here.listen(WAIT));
        await().atMost(WAIT).until(() -> !memberAddresses(here).contains("127.0.0.1:" + dbPort));
        assertThrows(ActorGoneException.class, () -> here.ask(echo, "anyone?", WAIT),
                "messages to its actors are dead letters, and an ask of one fails at once");
        assertEquals("still here from " + workerEcho.system(), here.ask(workerEcho, "still here", WAIT));
    }

    @RequireCapability("worker")
    static class WorkerCounter extends SequenceCounter {
    }

    @Test
    void whileTheLeaderIsDownMembersKeepTalkingAndWhenItReturnsAllReRegister() throws Exception {
        int leaderPort = freePort();
        String leader = "127.0.0.1:" + leaderPort;
        Process leaderProcess = member(leaderPort, null, "role=leader");
        int workerPort = freePort();
        member(workerPort, leader, "role=worker", "worker=true");
        int dbPort = freePort();
        member(dbPort, leader, "role=db", "Has DB access=true");
        ActorSystem here = driver(leader);
        await().atMost(WAIT).until(() -> memberAddresses(here).size() == 4);
        ActorAddress counter = here.createActor(WorkerCounter.class);
        ActorAddress echo = here.createActor(DbEcho.class);

        leaderProcess.destroyForcibly();
        leaderProcess.waitFor(10, TimeUnit.SECONDS);
        // Nobody can declare the leader's member gone but each member itself: at once when its port refuses the
        // probe, at the latest once it has been silent for the member timeout (2.5 s).
        await().atMost(Duration.ofSeconds(5)).until(() -> !memberAddresses(here).contains(leader));
        for (int i = 0; i < 20_000; i++) {
            here.tell(counter, new SequenceCounter.Numbered(i));
        }
        assertEquals(List.of(20_000, 0), here.ask(counter, new SequenceCounter.ReportWhen(20_000), WAIT));
        assertEquals("during the outage from " + echo.system(), here.ask(echo, "during the outage", WAIT));

        member(leaderPort, null, "role=leader");
        Set<String> everyone = Set.of(leader, "127.0.0.1:" + workerPort, "127.0.0.1:" + dbPort,
                here.status().adminAddress());
        await().atMost(WAIT).until(() -> memberAddresses(here).equals(everyone));
        for (int i = 20_000; i < 40_000; i++) {
            here.tell(counter, new SequenceCounter.Numbered(i));
        }
        assertEquals(List.of(40_000, 0), here.ask(counter, new SequenceCounter.ReportWhen(40_000), WAIT), "actors untouched");
        assertEquals("after from " + echo.system(), here.ask(echo, "after", WAIT));
        // Awaited, not read once: on a loaded machine the leader may declare a slow member gone, and it re-registers.
        await().atMost(WAIT).until(() -> here.status().members().stream()
                .filter(m -> m.adminAddress().equals("127.0.0.1:" + dbPort)).map(MemberStatus::capabilities)
                .toList().equals(List.of(Map.of("role", "db", "Has DB access", true))));
        assertInstanceOf(ActorAddress.class, here.createActor(DbEcho.class));
    }

    private static void signal(Process process, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor());
    }

    @Test
    void aMemberFrozenPastTheTimeoutIsDeclaredGoneStopsItsActorsAndRejoinsAsANewIncarnation() throws Exception {
        int leaderPort = freePort();
        String leader = "127.0.0.1:" + leaderPort;
        member(leaderPort, null, "role=leader");
        int workerPort = freePort();
        member(workerPort, leader, "role=worker", "worker=true");
        int dbPort = freePort();
        Process db = member(dbPort, leader, "role=db", "Has DB access=true");
        ActorSystem here = driver(leader);
        String dbAddress = "127.0.0.1:" + dbPort;
        await().atMost(WAIT).until(() -> memberAddresses(here).size() == 4);
        ActorAddress parent = here.createActor(Parent.class);
        ActorAddress child = (ActorAddress) here.ask(parent, "spawn", WAIT);
        assertEquals("before from " + child.system(), here.ask(child, "before", WAIT));

        signal(db, "STOP");
        try {
            assertEquals(child, here.listen(WAIT), "its parent was told it exited: declared gone while frozen");
            await().atMost(WAIT).until(() -> !memberAddresses(here).contains(dbAddress));
        } finally {
            signal(db, "CONT");
        }

        await().atMost(WAIT).until(() -> memberAddresses(here).contains(dbAddress));
        ActorAddress fresh = here.createActor(DbEcho.class);
        assertTrue(fresh.system().startsWith(dbAddress + "/"), fresh.toString());
        assertTrue(!fresh.system().equals(child.system()), "a new incarnation: " + fresh.system());
        assertEquals("after from " + fresh.system(), here.ask(fresh, "after", WAIT));
        assertThrows(ActorGoneException.class, () -> here.ask(child, "anyone?", WAIT),
                "the frozen incarnation's actors are gone");
        ActorSystem worker = ActorSystem.connect("127.0.0.1:" + workerPort, TestCertificates.directory(),
                TestCertificates.OPERATOR);
        try {
            await().atMost(WAIT).until(() -> memberAddresses(worker).equals(memberAddresses(here)));
        } finally {
            worker.shutdown();
        }
    }
}
