package io.thespis.benchmarks.local;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same work on Apache Pekko typed actors, with Pekko's defaults (default dispatcher: fork-join, throughput 5,
 * parallelism 8..64 at factor 1.0).
 */
final class PekkoPlatform implements Platform {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    record Start(int expected, CompletableFuture<Void> done) {
    }

    record Go(ActorRef<Object> receiver, int messages, CompletableFuture<Void> done) {
    }

    record Echo(Object payload, ActorRef<Object> replyTo) {
    }

    record Spawn(int children, CompletableFuture<Void> done) {
    }

    record Keep(int children, CompletableFuture<Void> done) {
    }

    private static Behavior<Object> receiver() {
        return Behaviors.setup(context -> {
            int[] remaining = {0};
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] done = new CompletableFuture[1];
            return Behaviors.receiveMessage(message -> {
                if (message == PING) {
                    if (--remaining[0] == 0) {
                        done[0].complete(null);
                    }
                } else if (message instanceof Start start) {
                    remaining[0] = start.expected();
                    done[0] = start.done();
                }
                return Behaviors.same();
            });
        });
    }

    private static Behavior<Object> sender() {
        return Behaviors.receiveMessage(message -> {
            if (message instanceof Go go) {
                go.receiver().tell(new Start(go.messages(), go.done()));
                for (int i = 0; i < go.messages(); i++) {
                    go.receiver().tell(PING);
                }
            }
            return Behaviors.same();
        });
    }

    private static Behavior<Object> echo() {
        return Behaviors.receiveMessage(message -> {
            if (message instanceof Echo echo) {
                echo.replyTo().tell(echo.payload());
            }
            return Behaviors.same();
        });
    }

    private static Behavior<Object> child() {
        return Behaviors.receiveMessage(message -> Behaviors.stopped());
    }

    private static Behavior<Object> parent() {
        return Behaviors.setup(context -> {
            int[] remaining = {0};
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] done = new CompletableFuture[1];
            return Behaviors.receive(Object.class)
                    .onMessage(Spawn.class, spawn -> {
                        remaining[0] = spawn.children();
                        done[0] = spawn.done();
                        for (int i = 0; i < spawn.children(); i++) {
                            ActorRef<Object> child = context.spawnAnonymous(child());
                            context.watch(child);
                            child.tell(PING);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Keep.class, keep -> {
                        for (int i = 0; i < keep.children(); i++) {
                            context.spawnAnonymous(child());
                        }
                        keep.done().complete(null);
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, terminated -> {
                        if (--remaining[0] == 0) {
                            done[0].complete(null);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pekko-bench");
    private final List<ActorRef<Object>> senders = new ArrayList<>();
    private final List<ActorRef<Object>> receivers = new ArrayList<>();
    private final ActorRef<Object> echo = system.systemActorOf(echo(), "echo", Props.empty());
    private final ActorRef<Object> parent = system.systemActorOf(parent(), "parent", Props.empty());

    PekkoPlatform() {
        for (int i = 0; i < 4; i++) {
            senders.add(system.systemActorOf(sender(), "sender-" + i, Props.empty()));
            receivers.add(system.systemActorOf(receiver(), "receiver-" + i, Props.empty()));
        }
    }

    @Override
    public void tellBurst(int pairs, int messages) throws Exception {
        List<CompletableFuture<Void>> bursts = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            bursts.add(done);
            senders.get(i).tell(new Go(receivers.get(i), messages, done));
        }
        CompletableFuture.allOf(bursts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public Object askOnce() throws Exception {
        return AskPattern.<Object, Object>ask(echo, replyTo -> new Echo(PING, replyTo), ASK_TIMEOUT, system.scheduler())
                .toCompletableFuture().get();
    }

    @Override
    public void createAndExit(int actors) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        parent.tell(new Spawn(actors, done));
        done.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void createIdle(int actors) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        parent.tell(new Keep(actors, done));
        done.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
