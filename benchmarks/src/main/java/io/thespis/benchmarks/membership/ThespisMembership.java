package io.thespis.benchmarks.membership;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.benchmarks.remote.Nodes;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Thespis membership timings on 127.0.0.1: a Convention of a leader and two members in this JVM, each with a
 * {@link Watcher} subscribed to registration changes. A join is a fourth system started here; a kill is
 * {@code kill -9} of a {@code thespis member} in its own JVM, which hosts a {@link Silent} actor that an ask from
 * here is waiting on; a capability update is one member's change.
 */
final class ThespisMembership implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration FAILURE_DETECTION_TIMEOUT = Duration.ofSeconds(3);

    /** What the watchers wait for; each watcher counts it once. */
    record Expectation(String address, boolean added, String capability, Object value, CountDownLatch seen) {
        boolean matches(ActorSystemConventionUpdate update) {
            return update.remoteAdminAddress().equals(address) && update.remoteAdded() == added
                    && (capability == null || Objects.equals(update.remoteCapabilities().get(capability), value));
        }
    }

    /** Counts down the current expectation when its system's directory shows it; never for its own system. */
    public static final class Watcher extends Actor {
        /** Benchmark plumbing: the one expectation of the moment, shared by every watcher in this JVM. */
        static volatile Expectation expectation;
        private Expectation counted;

        public Watcher() {
            notifyOnSystemRegistrationChanges(true);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            Expectation current = expectation;
            if (message instanceof ActorSystemConventionUpdate update && current != null && current != counted
                    && !myAddress().system().startsWith(current.address() + "/") && current.matches(update)) {
                counted = current;
                current.seen().countDown();
            }
        }
    }

    /** Never answers; placed only on the member that {@link #kill()} kills, so an ask of it can only fail. */
    @RequireCapability("doomed")
    public static final class Silent extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /**
     * What one kill measured, in milliseconds from the kill.
     *
     * @param dropped   until every directory here dropped the member
     * @param askFailed until an ask waiting on an actor there failed with {@link ActorGoneException}
     */
    record Kill(double dropped, double askFailed) {
    }

    private final List<ActorSystem> systems = new ArrayList<>();
    private String leader;

    /** Starts the leader and two members, each with a watcher, and waits until they all know each other. */
    void start() throws InterruptedException {
        systems.add(start(null, 0));
        leader = systems.get(0).status().adminAddress();
        systems.add(start(leader, 0));
        systems.add(start(leader, 0));
        for (ActorSystem system : systems) {
            system.createActor(Watcher.class);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (systems.stream().anyMatch(system -> system.status().members().size() < 3)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Convention did not form");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static ActorSystem start(String leader, int port) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(port)
                .advertise("127.0.0.1").failureDetection(Duration.ofMillis(500), FAILURE_DETECTION_TIMEOUT);
        return (leader == null ? builder : builder.conventionLeader(leader)).start();
    }

    /** Milliseconds from starting a new member here until every other system's directory lists it. */
    double join() throws Exception {
        int port = Nodes.freePort();
        CountDownLatch seen = expect("127.0.0.1:" + port, true, null, null, systems.size());
        long start = System.nanoTime();
        ActorSystem joiner = start(leader, port);
        try {
            return awaitMillis(seen, start, "the join");
        } finally {
            Watcher.expectation = null;
            joiner.shutdown();
        }
    }

    /** Milliseconds from one member's capability change until every other system's directory shows it. */
    double capabilityUpdate(int run) throws Exception {
        ActorSystem changer = systems.get(1);
        CountDownLatch seen = expect(changer.status().adminAddress(), true, "bench-run", run, systems.size() - 1);
        long start = System.nanoTime();
        changer.updateCapability("bench-run", run);
        return awaitMillis(seen, start, "the capability update");
    }

    /**
     * Kills a member in its own JVM with {@code kill -9} while an ask from the leader waits on an actor there: how
     * long until every directory here has dropped the member, and until the ask failed.
     */
    Kill kill() throws Exception {
        int port = Nodes.freePort();
        String address = "127.0.0.1:" + port;
        CountDownLatch joined = expect(address, true, null, null, systems.size());
        Process member = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.thespis.internal.cli.Thespis", "member",
                "--port", String.valueOf(port), "--leader", leader, "--heartbeat-ms", "500",
                "--member-timeout-ms", String.valueOf(FAILURE_DETECTION_TIMEOUT.toMillis()),
                "--capability", "doomed=true")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        try {
            if (!joined.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the member to kill did not join");
            }
            ActorSystem asker = systems.get(0);
            ActorAddress silent = asker.createActor(Silent.class);
            CompletableFuture<Object> ask = asker.askAsync(silent, "anyone?", WAIT);
            CompletableFuture<Long> askEnded = ask.handle((reply, failure) -> System.nanoTime());
            CountDownLatch dropped = expect(address, false, null, null, systems.size());
            long start = System.nanoTime();
            member.destroyForcibly();
            double droppedMillis = awaitMillis(dropped, start, "the kill");
            double askFailedMillis = (askEnded.get(WAIT.toSeconds(), TimeUnit.SECONDS) - start) / 1e6;
            try {
                throw new IllegalStateException("the ask of an actor on the killed member was answered: " + ask.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ActorGoneException)) {
                    throw new IllegalStateException("the ask failed with " + e.getCause(), e.getCause());
                }
            }
            return new Kill(droppedMillis, askFailedMillis);
        } finally {
            Watcher.expectation = null;
            member.destroyForcibly();
            member.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static CountDownLatch expect(String address, boolean added, String capability, Object value, int watchers) {
        CountDownLatch seen = new CountDownLatch(watchers);
        Watcher.expectation = new Expectation(address, added, capability, value, seen);
        return seen;
    }

    private static double awaitMillis(CountDownLatch seen, long start, String what) throws InterruptedException {
        if (!seen.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " was not seen everywhere within " + WAIT.toSeconds() + " s");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }
}
