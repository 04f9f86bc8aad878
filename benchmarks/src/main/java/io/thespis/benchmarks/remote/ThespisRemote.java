package io.thespis.benchmarks.remote;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thespis across two JVMs: this one is the Convention Leader and hosts the sender; the other is a
 * {@code thespis member} with capability {@code remote=true}, where the receiver and the echo actor are placed
 * because only it qualifies. In plaintext, or with mutual TLS on every hop when given {@link BenchmarkCertificates}
 * (this JVM by {@code tls(directory, "driver")}, the other by {@code --tls-dir DIR --tls-name node}).
 */
final class ThespisRemote implements RemotePlatform {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Integer PAYLOAD = 7;

    private final BenchmarkCertificates tls;
    private ActorSystem system;
    private Process member;
    private ActorAddress sender;
    private ActorAddress receiver;
    private ActorAddress echo;

    /** Starts sending on a {@link Go}; answers the asker once every message was acknowledged. */
    public static final class Sender extends Actor {
        private ActorAddress asker;
        private ActorAddress target;
        private Windowed window;

        @Override
        protected void receiveMessage(Object message, ActorAddress from) {
            if (message instanceof Go go) {
                asker = from;
                target = go.receiver();
                window = new Windowed(go.messages());
                send(window.sendable(0));
            } else if (message instanceof Integer acknowledged) {
                if (window.done(acknowledged)) {
                    send(asker, acknowledged);
                } else {
                    send(window.sendable(acknowledged));
                }
            }
        }

        private void send(int count) {
            for (int i = 0; i < count; i++) {
                send(target, PAYLOAD);
            }
        }
    }

    /** A local instruction: never crosses JVMs. */
    record Go(ActorAddress receiver, int messages) {
    }

    /** Counts, acknowledges every {@link #ACK_EVERY}; "reset" starts over. Runs only where {@code remote} is set. */
    @RequireCapability("remote")
    public static final class Receiver extends Actor {
        private int received;

        @Override
        protected void receiveMessage(Object message, ActorAddress from) {
            if (message instanceof Integer) {
                if (++received % ACK_EVERY == 0) {
                    send(from, received);
                }
            } else if ("reset".equals(message)) {
                received = 0;
                send(from, "ok");
            }
        }
    }

    /** Answers with what it got. */
    @RequireCapability("remote")
    public static final class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress from) {
            send(from, message);
        }
    }

    /** Thespis with mutual TLS from {@code tls}, or in plaintext when it is null. */
    ThespisRemote(BenchmarkCertificates tls) {
        this.tls = tls;
    }

    @Override
    public void start() throws Exception {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                .advertise("127.0.0.1");
        if (tls != null) {
            builder.tls(tls.directory(), BenchmarkCertificates.DRIVER);
        }
        system = builder.start();
        String leader = system.status().adminAddress();
        List<String> command = new ArrayList<>(List.of("io.thespis.internal.cli.Thespis", "member", "--port", "0",
                "--leader", leader, "--capability", "remote=true"));
        if (tls != null) {
            command.addAll(List.of("--tls-dir", tls.directory().toString(), "--tls-name", BenchmarkCertificates.NODE));
        }
        member = Nodes.start(command);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (system.status().members().size() < 2) {
            Nodes.checkAlive(member, deadline);
            Thread.sleep(10);
        }
        receiver = system.createActor(Receiver.class);
        echo = system.createActor(Echo.class);
        sender = system.createActor(Sender.class);
    }

    @Override
    public double tell(int messages) {
        if (!"ok".equals(system.ask(receiver, "reset", WAIT))) {
            throw new IllegalStateException("the receiver did not reset");
        }
        long start = System.nanoTime();
        Object done = system.ask(sender, new Go(receiver, messages), WAIT);
        if (!Integer.valueOf(messages).equals(done)) {
            throw new IllegalStateException("expected " + messages + " acknowledged, got " + done);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public long ask() {
        long start = System.nanoTime();
        Object reply = system.ask(echo, "ping", WAIT);
        long elapsed = System.nanoTime() - start;
        if (!"ping".equals(reply)) {
            throw new IllegalStateException("the echo answered " + reply);
        }
        return elapsed;
    }

    /** Creates an actor that only the other JVM may host, from outside code here; returns the nanoseconds it took. */
    long create() {
        long start = System.nanoTime();
        ActorAddress created = system.createActor(Echo.class);
        long elapsed = System.nanoTime() - start;
        system.tell(created, new ActorExitRequest());
        return elapsed;
    }

    @Override
    public void close() throws Exception {
        if (system != null) {
            system.shutdown();
        }
        Nodes.stop(member);
    }
}
