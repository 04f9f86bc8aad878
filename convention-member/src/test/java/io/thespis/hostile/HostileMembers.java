package io.thespis.hostile;

import io.grpc.ManagedChannel;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.internal.member.transport.GrpcEndpoints;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real members on 127.0.0.1 (any free port, allowed this package's messages) for the tests that play an attacker
 * against them, with the raw channels the attacker uses; {@link #stopAll()} closes everything, newest first.
 */
final class HostileMembers {
    /** How long a test waits for what a real network does. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<ActorSystem> systems = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    /** A system leading its own Convention. */
    ActorSystem start() {
        return start(builder -> builder);
    }

    /** A system further set by {@code settings}. */
    ActorSystem start(UnaryOperator<ActorSystem.Builder> settings) {
        ActorSystem system = settings.apply(ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                .advertise("127.0.0.1").messagePackages("io.thespis.hostile")).start();
        systems.add(system);
        return system;
    }

    /** A system joined to the Convention {@code leader} leads. */
    ActorSystem join(ActorSystem leader) {
        return start(builder -> builder.conventionLeader(leader.status().adminAddress()));
    }

    /** A raw channel to {@code system}'s port, as an attacker opens it. */
    ManagedChannel channel(ActorSystem system) {
        ManagedChannel channel = GrpcEndpoints.PLAINTEXT.channel(system.status().adminAddress());
        channels.add(channel);
        return channel;
    }

    /** Closes every channel and stops every system, newest first. */
    void stopAll() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    /** The heap in use after a full collection, in bytes. */
    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Replies to every message with the message. */
    public static final class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, message);
        }
    }

    /** Counts what it receives; answers {@code "count?"} with how many other messages it had. */
    public static final class Counter extends Actor {
        private int received;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("count?".equals(message)) {
                send(sender, received);
            } else {
                received++;
                send(sender, message);
            }
        }
    }
}
