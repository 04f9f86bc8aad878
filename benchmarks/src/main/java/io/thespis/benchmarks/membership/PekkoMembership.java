package io.thespis.benchmarks.membership;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.thespis.benchmarks.remote.Nodes;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Pekko twin of {@link ThespisMembership}: a cluster of three nodes in this JVM (Artery TCP, Pekko's default
 * gossip and phi-accrual failure detector), each with a subscriber to cluster events. A join is a fourth node
 * started here, visible once every subscriber has seen its {@code MemberUp}; a kill is {@code kill -9} of a node in
 * its own JVM, seen once every subscriber has seen it {@code UnreachableMember}.
 */
final class PekkoMembership implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What the subscribers wait for. */
    record Expectation(int port, boolean up, CountDownLatch seen) {
    }

    /** Counts down the current expectation once, on {@code MemberUp} or {@code UnreachableMember} of its node. */
    static final class Subscriber extends AbstractActor {
        static volatile Expectation expectation;
        private Expectation counted;

        @Override
        public void preStart() {
            Cluster.get(getContext().getSystem()).subscribe(getSelf(), ClusterEvent.initialStateAsEvents(),
                    ClusterEvent.MemberUp.class, ClusterEvent.UnreachableMember.class);
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(ClusterEvent.MemberUp.class, up -> seen(up.member().address().port().get(), true))
                    .match(ClusterEvent.UnreachableMember.class,
                            unreachable -> seen(unreachable.member().address().port().get(), false))
                    .build();
        }

        private void seen(Object port, boolean up) {
            Expectation current = expectation;
            if (current != null && current != counted && current.up() == up && port.equals(current.port())) {
                counted = current;
                current.seen().countDown();
            }
        }
    }

    /** A cluster node at 127.0.0.1:{@code port} whose seed is 127.0.0.1:{@code seedPort}. */
    static Config node(int port, int seedPort) {
        return ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.transport = tcp
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = %d
                pekko.cluster.seed-nodes = ["pekko://bench@127.0.0.1:%d"]
                pekko.cluster.jmx.enabled = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.loglevel = ERROR
                pekko.log-dead-letters = off
                """.formatted(port, seedPort)).withFallback(ConfigFactory.load());
    }

    private final List<ActorSystem> nodes = new ArrayList<>();
    private int seedPort;

    /** Starts three nodes, each with a subscriber, and waits until all are up. */
    void start() throws Exception {
        seedPort = Nodes.freePort();
        CountDownLatch allUp = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            ActorSystem node = ActorSystem.create("bench", node(i == 0 ? seedPort : 0, seedPort));
            Cluster.get(node).registerOnMemberUp(allUp::countDown);
            nodes.add(node);
        }
        if (!allUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the Pekko cluster did not form");
        }
        for (ActorSystem node : nodes) {
            node.actorOf(Props.create(Subscriber.class));
        }
    }

    /** Milliseconds from starting a fourth node here until every other node has seen it up. */
    double join() throws Exception {
        int port = Nodes.freePort();
        CountDownLatch seen = expect(port, true);
        long start = System.nanoTime();
        ActorSystem joiner = ActorSystem.create("bench", node(port, seedPort));
        try {
            return awaitMillis(seen, start, "the join");
        } finally {
            Subscriber.expectation = null;
            CountDownLatch removed = new CountDownLatch(1);
            Cluster.get(joiner).registerOnMemberRemoved(removed::countDown);
            Cluster.get(joiner).leave(Cluster.get(joiner).selfAddress());
            removed.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            joiner.terminate();
            joiner.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            awaitRemoved(port);
        }
    }

    /** Milliseconds from {@code kill -9} of a node in its own JVM until every node here sees it unreachable. */
    double kill() throws Exception {
        int port = Nodes.freePort();
        CountDownLatch up = expect(port, true);
        Path log = Files.createTempFile("thespis-bench-pekko-node", ".log");
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PekkoClusterNode.class.getName(),
                String.valueOf(port), String.valueOf(seedPort)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!up.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the node to kill did not join; see " + log);
            }
            CountDownLatch unreachable = expect(port, false);
            long start = System.nanoTime();
            node.destroyForcibly();
            double millis = awaitMillis(unreachable, start, "the kill");
            Cluster seed = Cluster.get(nodes.get(0));
            for (org.apache.pekko.cluster.Member member : seed.state().getMembers()) {
                if (member.address().port().get().equals(port)) {
                    seed.down(member.address());
                }
            }
            awaitRemoved(port);
            return millis;
        } finally {
            Subscriber.expectation = null;
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
            new File(log.toString()).delete();
        }
    }

    /** Waits until the seed no longer lists the node at {@code port}, so the next measurement starts clean. */
    private void awaitRemoved(int port) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            boolean listed = false;
            for (org.apache.pekko.cluster.Member member : Cluster.get(nodes.get(0)).state().getMembers()) {
                if (member.address().port().get().equals(port) && member.status() != MemberStatus.removed()) {
                    listed = true;
                }
            }
            if (!listed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + port + " was not removed from the cluster");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static CountDownLatch expect(int port, boolean up) {
        CountDownLatch seen = new CountDownLatch(3);
        Subscriber.expectation = new Expectation(port, up, seen);
        return seen;
    }

    private static double awaitMillis(CountDownLatch seen, long start, String what) throws InterruptedException {
        if (!seen.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " was not seen everywhere within " + WAIT.toSeconds() + " s");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() throws Exception {
        for (ActorSystem node : nodes) {
            node.terminate();
        }
        for (ActorSystem node : nodes) {
            node.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
