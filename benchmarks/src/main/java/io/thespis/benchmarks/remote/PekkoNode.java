package io.thespis.benchmarks.remote;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The other JVM of {@link PekkoRemote}: an Artery node at {@code 127.0.0.1:PORT} hosting {@code /user/receiver}
 * and {@code /user/echo}. Writes {@link #READY} to {@code READY_FILE} once they exist. With {@code TLS_DIR}, Artery
 * runs TLS with the stores of {@link BenchmarkCertificates#NODE} there.
 *
 * <p>Usage: {@code PekkoNode PORT READY_FILE [TLS_DIR]}
 */
public final class PekkoNode {
    static final String READY = "ready";

    private PekkoNode() {
    }

    /** The twin of {@link ThespisRemote.Receiver}. */
    static final class Receiver extends AbstractActor {
        private int received;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Integer.class, payload -> {
                        if (++received % RemotePlatform.ACK_EVERY == 0) {
                            getSender().tell(received, getSelf());
                        }
                    })
                    .matchEquals("reset", reset -> {
                        received = 0;
                        getSender().tell("ok", getSelf());
                    })
                    .build();
        }
    }

    /** The twin of {@link ThespisRemote.Echo}. */
    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(message -> getSender().tell(message, getSelf())).build();
        }
    }

    public static void main(String[] args) throws Exception {
        Path tls = args.length > 2 ? Path.of(args[2]) : null;
        ActorSystem system = ActorSystem.create("node", PekkoRemote.remoting(Integer.parseInt(args[0]), tls,
                BenchmarkCertificates.NODE));
        system.actorOf(Props.create(Receiver.class), "receiver");
        system.actorOf(Props.create(Echo.class), "echo");
        Files.writeString(Path.of(args[1]), READY + "\n", StandardOpenOption.APPEND);
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
