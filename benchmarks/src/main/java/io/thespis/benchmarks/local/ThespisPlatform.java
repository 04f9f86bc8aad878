package io.thespis.benchmarks.local;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ChildActorExited;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The benchmark's work on Thespis' embedded default ({@code ActorSystem.create()}: concurrent, one worker per core). */
final class ThespisPlatform implements Platform {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    /** Tells a receiver how many pings to expect; sent by the sender ahead of them, on the same FIFO route. */
    record Start(int expected, CompletableFuture<Void> done) {
    }

    record Go(ActorAddress receiver, int messages, CompletableFuture<Void> done) {
    }

    record Spawn(int children, CompletableFuture<Void> done) {
    }

    record Keep(int children, CompletableFuture<Void> done) {
    }

    /** Counts pings and completes the burst's future when all arrived. */
    public static final class Receiver extends Actor {
        private int remaining;
        private CompletableFuture<Void> done;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message == PING) {
                if (--remaining == 0) {
                    done.complete(null);
                }
            } else if (message instanceof Start start) {
                remaining = start.expected();
                done = start.done();
            }
        }
    }

    /** Sends a burst of pings, preceded by its Start. */
    public static final class Sender extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Go go) {
                send(go.receiver(), new Start(go.messages(), go.done()));
                for (int i = 0; i < go.messages(); i++) {
                    send(go.receiver(), PING);
                }
            }
        }
    }

    /** Answers anything with what it got. */
    public static final class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, message);
        }
    }

    /**
     * Creates children and asks each to exit, completing once every ChildActorExited came; or creates children that
     * stay ({@link Keep}).
     */
    public static final class Parent extends Actor {
        private int remaining;
        private CompletableFuture<Void> done;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Spawn spawn) {
                remaining = spawn.children();
                done = spawn.done();
                ActorExitRequest exit = new ActorExitRequest();
                for (int i = 0; i < spawn.children(); i++) {
                    send(createActor(Child.class), exit);
                }
            } else if (message instanceof Keep keep) {
                for (int i = 0; i < keep.children(); i++) {
                    createActor(Child.class);
                }
                keep.done().complete(null);
            } else if (message instanceof ChildActorExited && --remaining == 0) {
                done.complete(null);
            }
        }
    }

    /** Does nothing until asked to exit. */
    public static final class Child extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    private final ActorSystem system = ActorSystem.create();
    private final List<ActorAddress> senders = new ArrayList<>();
    private final List<ActorAddress> receivers = new ArrayList<>();
    private final ActorAddress echo = system.createActor(Echo.class);
    private final ActorAddress parent = system.createActor(Parent.class);

    ThespisPlatform() {
        for (int i = 0; i < 4; i++) {
            senders.add(system.createActor(Sender.class));
            receivers.add(system.createActor(Receiver.class));
        }
    }

    @Override
    public void tellBurst(int pairs, int messages) throws Exception {
        List<CompletableFuture<Void>> bursts = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            bursts.add(done);
            system.tell(senders.get(i), new Go(receivers.get(i), messages, done));
        }
        CompletableFuture.allOf(bursts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public Object askOnce() {
        return system.ask(echo, PING, ASK_TIMEOUT);
    }

    @Override
    public void createAndExit(int actors) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        system.tell(parent, new Spawn(actors, done));
        done.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void createIdle(int actors) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        system.tell(parent, new Keep(actors, done));
        done.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        system.shutdown();
    }
}
