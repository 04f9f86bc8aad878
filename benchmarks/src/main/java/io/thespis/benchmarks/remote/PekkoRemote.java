package io.thespis.benchmarks.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Apache Pekko across two JVMs with Artery TCP remoting and its defaults (classic actors: Artery's own serializers
 * carry integers and strings; default dispatcher throughput 5), except an outbound queue large enough for the
 * window. This JVM hosts the sender; {@link PekkoNode}, in the
 * other, hosts the receiver and the echo actor, which this side looks up by path. Given {@link BenchmarkCertificates},
 * Artery runs its TLS transport ({@code tls-tcp}) with mutual authentication over their PKCS12 stores.
 */
final class PekkoRemote implements RemotePlatform {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Integer PAYLOAD = 7;

    private final BenchmarkCertificates tls;
    private ActorSystem system;
    private Process node;
    private ActorRef sender;
    private ActorRef receiver;
    private ActorRef echo;

    /**
     * Artery on 127.0.0.1 at {@code port} (0: any), Pekko's defaults otherwise: plain TCP when {@code tlsDirectory}
     * is null, else TLS 1.3 with mutual authentication and host name verification, presenting the key store of
     * {@code name} in {@code tlsDirectory} and trusting its CA only.
     */
    static Config remoting(int port, Path tlsDirectory, String name) {
        Config transport = tlsDirectory == null ? ConfigFactory.parseString("pekko.remote.artery.transport = tcp")
                : tlsTransport(tlsDirectory, name);
        return transport.withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = remote
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = %d
                # Default 3072: a window of 20,000 in flight would overflow it, and Artery drops what overflows.
                pekko.remote.artery.advanced.outbound-message-queue-size = 30000
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                """.formatted(port))).withFallback(ConfigFactory.load());
    }

    /** Artery's TLS transport with its default engine provider; the cipher suites stay Pekko's defaults. */
    private static Config tlsTransport(Path directory, String name) {
        return ConfigFactory.parseString("""
                pekko.remote.artery.transport = tls-tcp
                pekko.remote.artery.ssl.config-ssl-engine {
                  key-store = %1$s
                  key-store-password = %3$s
                  key-password = %3$s
                  trust-store = %2$s
                  trust-store-password = %3$s
                  protocol = "TLSv1.3"
                  require-mutual-authentication = on
                  hostname-verification = on
                }
                """.formatted(ConfigUtil.quoteString(BenchmarkCertificates.keyStore(directory, name).toString()),
                ConfigUtil.quoteString(BenchmarkCertificates.trustStore(directory).toString()),
                ConfigUtil.quoteString(BenchmarkCertificates.STORE_PASSWORD)));
    }

    /** Pekko with Artery's TLS transport over {@code tls}, or plain TCP when it is null. */
    PekkoRemote(BenchmarkCertificates tls) {
        this.tls = tls;
    }

    /** Local instruction to the sender. */
    record Go(ActorRef receiver, int messages) {
    }

    /** The twin of {@link ThespisRemote.Sender}. */
    static final class Sender extends AbstractActor {
        private ActorRef asker;
        private ActorRef target;
        private Windowed window;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Go.class, go -> {
                        asker = getSender();
                        target = go.receiver();
                        window = new Windowed(go.messages());
                        send(window.sendable(0));
                    })
                    .match(Integer.class, acknowledged -> {
                        if (window.done(acknowledged)) {
                            asker.tell(acknowledged, getSelf());
                        } else {
                            send(window.sendable(acknowledged));
                        }
                    })
                    .build();
        }

        private void send(int count) {
            for (int i = 0; i < count; i++) {
                target.tell(PAYLOAD, getSelf());
            }
        }
    }

    @Override
    public void start() throws Exception {
        int port = Nodes.freePort();
        Path log = Files.createTempFile("thespis-bench-pekko", ".log");
        List<String> command = new ArrayList<>(List.of(PekkoNode.class.getName(), String.valueOf(port),
                log.toString()));
        if (tls != null) {
            command.add(tls.directory().toString());
        }
        node = Nodes.start(command);
        Nodes.awaitLine(node, log, PekkoNode.READY, System.nanoTime() + WAIT.toNanos());
        system = ActorSystem.create("driver", remoting(0, tls == null ? null : tls.directory(),
                BenchmarkCertificates.DRIVER));
        String base = "pekko://node@127.0.0.1:" + port + "/user/";
        receiver = system.actorSelection(base + "receiver").resolveOne(WAIT).toCompletableFuture().get();
        echo = system.actorSelection(base + "echo").resolveOne(WAIT).toCompletableFuture().get();
        sender = system.actorOf(Props.create(Sender.class), "sender");
    }

    @Override
    public double tell(int messages) throws Exception {
        if (!"ok".equals(Patterns.ask(receiver, "reset", WAIT).toCompletableFuture().get())) {
            throw new IllegalStateException("the receiver did not reset");
        }
        long start = System.nanoTime();
        Object done = Patterns.ask(sender, new Go(receiver, messages), WAIT).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!Integer.valueOf(messages).equals(done)) {
            throw new IllegalStateException("expected " + messages + " acknowledged, got " + done);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public long ask() throws Exception {
        long start = System.nanoTime();
        Object reply = Patterns.ask(echo, "ping", WAIT).toCompletableFuture().get();
        long elapsed = System.nanoTime() - start;
        if (!"ping".equals(reply)) {
            throw new IllegalStateException("the echo answered " + reply);
        }
        return elapsed;
    }

    @Override
    public void close() throws Exception {
        try {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            // Seen once with Artery's TLS transport: its figures were taken already; the node is stopped anyway.
            System.err.println("the driver's Pekko system did not terminate within 30 s; going on");
        } finally {
            Nodes.stop(node);
        }
    }
}
