package io.thespis.benchmarks.membership;

import org.apache.pekko.actor.ActorSystem;

/**
 * A Pekko cluster node in its own JVM, for the {@code kill -9} twin: joins the seed and runs until killed.
 *
 * <p>Usage: {@code PekkoClusterNode PORT SEED_PORT}
 */
public final class PekkoClusterNode {
    private PekkoClusterNode() {
    }

    public static void main(String[] args) {
        ActorSystem system = ActorSystem.create("bench",
                PekkoMembership.node(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
