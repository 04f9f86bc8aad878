package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.SystemBase;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.internal.member.transport.PeerLink;
import io.thespis.internal.member.transport.TransportService;
import io.thespis.proto.v1.Abandon;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Heartbeat;
import io.thespis.proto.v1.Hello;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Register;
import io.thespis.proto.v1.Removal;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Convention's less travelled paths: refusals, silence, late leaders, foreign peers. */
class ConventionEdgesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<ActorSystem> systems = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stopAll() {
        channels.forEach(ManagedChannel::shutdownNow);
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    private ActorSystem start(int port, String leader, Map<String, Object> capabilities) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(port)
                .advertise("127.0.0.1").capabilities(capabilities).messagePackages("io.thespis.internal.member")
                .failureDetection(Duration.ofMillis(100), Duration.ofMillis(600));
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        ActorSystem system = builder.start();
        systems.add(system);
        return system;
    }

    private ManagedChannel channel(String address) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    /**
     * Qualifies wherever it is judged, except when a system re-checks it for a creation that came over the network
     * (on a thread of the admin server): a stand-in for capabilities that changed between the decision and the
     * creation.
     */
    static class ChangesItsMind extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return !Thread.currentThread().getName().startsWith("thespis-net-server-") && capabilities.containsKey("remote");
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Creates a ChangesItsMind child, sends it a message at once, and reports what comes back. */
    static class Creator extends Actor {
        private final List<Object> seen = new ArrayList<>();
        private ActorAddress asker;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("create".equals(message)) {
                asker = sender;
                ActorAddress child = createActor(ChangesItsMind.class);
                send(child, "held for the child");
            } else if (message instanceof ChildActorExited || message instanceof PoisonMessage) {
                seen.add(message);
                if (seen.size() == 2) {
                    send(asker, List.copyOf(seen));
                }
            }
        }
    }

    @Test
    void aRefusedCreationTellsTheParentAndReturnsTheHeldMessages() {
        ActorSystem leader = start(0, null, Map.of());
        ActorSystem remote = start(0, leader.status().adminAddress(), Map.of("remote", true));
        await().atMost(WAIT).until(() -> leader.status().members().size() == 2);
        ActorAddress creator = leader.createActor(Creator.class);
        @SuppressWarnings("unchecked")
        List<Object> seen = (List<Object>) leader.ask(creator, "create", WAIT);
        ChildActorExited exited = seen.stream().filter(ChildActorExited.class::isInstance)
                .map(ChildActorExited.class::cast).findFirst().orElseThrow();
        assertTrue(exited.child().system().startsWith(remote.status().adminAddress() + "/"));
        PoisonMessage poison = seen.stream().filter(PoisonMessage.class::isInstance)
                .map(PoisonMessage.class::cast).findFirst().orElseThrow();
        assertEquals("held for the child", poison.poisonMessage());
        assertTrue(poison.details().contains("was never created"), poison.details());
        assertEquals(0, remote.status().actorCount());
    }

    @Test
    void outsideCodeTriesTheNextCandidateAndThenSaysWhoRefused() {
        ActorSystem leader = start(0, null, Map.of());
        ActorSystem first = start(0, leader.status().adminAddress(), Map.of("remote", true));
        ActorSystem second = start(0, leader.status().adminAddress(), Map.of("remote", true));
        await().atMost(WAIT).until(() -> leader.status().members().size() == 3);
        NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                () -> leader.createActor(ChangesItsMind.class));
        assertTrue(refused.getMessage().contains("2 refused when asked"), refused.getMessage());
        assertTrue(refused.getMessage().contains(first.status().adminAddress()), refused.getMessage());
        assertTrue(refused.getMessage().contains(second.status().adminAddress()), refused.getMessage());
    }

    /** A counter whose "hold" message keeps its turn until the test opens the gate. */
    @io.thespis.actor.RequireCapability("slow")
    static class HeldCounter extends SequenceCounter {
        static final java.util.concurrent.CountDownLatch GATE = new java.util.concurrent.CountDownLatch(1);

        @Override
        void other(Object message) throws InterruptedException {
            if ("hold".equals(message)) {
                GATE.await();
            }
        }
    }

    @Test
    void aSlowSystemStopsReadingSoSendersCannotFillItsMemory() {
        ActorSystem sender = start(0, null, Map.of());
        ActorSystem slow = start(0, sender.status().adminAddress(), Map.of("slow", true));
        await().atMost(WAIT).until(() -> sender.status().members().size() == 2);
        ActorAddress counter = sender.createActor(HeldCounter.class);
        sender.tell(counter, "hold");
        int total = 250_000;
        for (int i = 0; i < total; i++) {
            sender.tell(counter, new SequenceCounter.Numbered(i));
        }
        long limit = TransportService.INBOUND_BACKLOG_LIMIT;
        await().atMost(WAIT).until(() -> slow.status().counters().get("mailboxBacklog") >= limit);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() ->
                slow.status().counters().get("mailboxBacklog") <= limit + PeerLink.MAX_BATCH + 1);
        HeldCounter.GATE.countDown();
        assertEquals(List.of(total, 0), sender.ask(counter, new SequenceCounter.ReportWhen(total), Duration.ofMinutes(2)));
    }

    @Test
    void aMemberStartedBeforeItsLeaderJoinsWhenTheLeaderComes() throws IOException {
        int leaderPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            leaderPort = socket.getLocalPort();
        }
        ActorSystem early = start(0, "127.0.0.1:" + leaderPort, Map.of("early", true));
        assertEquals(1, early.status().members().size(), "alone, it lists itself");
        ActorSystem leader = start(leaderPort, "127.0.0.1:" + leaderPort, Map.of());
        await().atMost(WAIT).until(() -> early.status().members().size() == 2 && leader.status().members().size() == 2);
        assertEquals("127.0.0.1:" + leaderPort, early.status().conventionLeader());
    }

    /** A raw Join stream to the leader at {@code address}; what the leader sends lands in {@code received}. */
    private StreamObserver<MemberUp> join(String address, List<LeaderDown> received) {
        return ConventionGrpc.newStub(channel(address)).join(new StreamObserver<>() {
            @Override
            public void onNext(LeaderDown down) {
                received.add(down);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    @Test
    void aMemberThatFallsSilentIsDeclaredGone() {
        ActorSystem leader = start(0, null, Map.of());
        List<LeaderDown> received = new CopyOnWriteArrayList<>();
        StreamObserver<MemberUp> silent = join(leader.status().adminAddress(), received);
        silent.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION)
                .setMember(MemberInfo.newBuilder().setAddress("127.0.0.1:9").setIncarnation(1).setGeneration(1)))
                .build());
        await().atMost(WAIT).until(() -> leader.status().members().size() == 2);
        // No heartbeat follows, and the stream stays open: only the sweeper can notice.
        await().atMost(WAIT).until(() -> leader.status().members().size() == 1);
        assertTrue(received.stream().anyMatch(LeaderDown::hasWelcome));
        assertTrue(received.stream().anyMatch(LeaderDown::hasHeartbeat), "the leader's heartbeats: " + received);

        List<LeaderDown> again = new CopyOnWriteArrayList<>();
        MemberStatus leaderItself = leader.status().members().get(0);
        join(leader.status().adminAddress(), again).onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION)
                .setMember(MemberInfo.newBuilder().setAddress("127.0.0.1:9").setIncarnation(1).setVersion(2)
                        .setGeneration(1))
                // A declared-gone incarnation's judgements are not learned: this must not remove the leader's member.
                .addKnownRemovals(Removal.newBuilder().setAddress(leaderItself.adminAddress())
                        .setIncarnation(Long.MAX_VALUE).setReason("silent, as the gone member saw it"))).build());
        await().atMost(WAIT).until(() -> again.stream().anyMatch(LeaderDown::hasRefusal));
        Refusal refusal = again.stream().filter(LeaderDown::hasRefusal).findFirst().orElseThrow().getRefusal();
        assertEquals(Refusal.Code.DECLARED_GONE, refusal.getCode(), refusal.toString());
        assertEquals(List.of(leaderItself.adminAddress()), leader.status().members().stream()
                .map(MemberStatus::adminAddress).toList(), "a declared-gone incarnation does not come back");
    }

    @Test
    void aMemberThatGivesItsStreamUpIsNotTakenForDeadOnlyTheTimeoutDecides() {
        ActorSystem leader = start(0, null, Map.of());
        List<LeaderDown> received = new CopyOnWriteArrayList<>();
        StreamObserver<MemberUp> member = join(leader.status().adminAddress(), received);
        member.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION)
                .setMember(MemberInfo.newBuilder().setAddress("127.0.0.1:9").setIncarnation(1).setVersion(1)
                        .setGeneration(1))).build());
        await().atMost(WAIT).until(() -> leader.status().members().size() == 2);
        // Heard just now: without the abandon, the cancel that follows would be taken for a dead process.
        member.onNext(MemberUp.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
        member.onNext(MemberUp.newBuilder().setAbandon(Abandon.newBuilder().setReason("the leader was silent"))
                .build());
        member.onCompleted();
        // Not gone at once, as a dead process would be (this class's member timeout is 600 ms)...
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> leader.status().members().size() == 2);
        // ...but once silent for the timeout.
        await().atMost(WAIT).until(() -> leader.status().members().size() == 1);
    }

    @Test
    void incompatiblePeersAreRefusedWithTheReason() {
        ActorSystem leader = start(0, null, Map.of());
        CompletableFuture<Throwable> transportError = new CompletableFuture<>();
        StreamObserver<TransportFrame> frames = TransportGrpc.newStub(channel(leader.status().adminAddress()))
                .deliver(new StreamObserver<>() {
                    @Override
                    public void onNext(DeliverAck ack) {
                    }

                    @Override
                    public void onError(Throwable error) {
                        transportError.complete(error);
                    }

                    @Override
                    public void onCompleted() {
                        transportError.complete(null);
                    }
                });
        frames.onNext(TransportFrame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(99)).build());
        Throwable error = transportError.orTimeout(20, TimeUnit.SECONDS).join();
        StatusRuntimeException status = assertInstanceOf(StatusRuntimeException.class, error);
        assertTrue(status.getStatus().getDescription().contains("incompatible peer"), status.toString());

        List<LeaderDown> received = new CopyOnWriteArrayList<>();
        StreamObserver<MemberUp> member = join(leader.status().adminAddress(), received);
        member.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder().setProtocolVersion(99)
                .setMember(MemberInfo.newBuilder().setAddress("127.0.0.1:9").setIncarnation(1))).build());
        await().atMost(WAIT).until(() -> received.stream().anyMatch(LeaderDown::hasRefusal));
        String reason = received.stream().filter(LeaderDown::hasRefusal).findFirst().orElseThrow().getRefusal().getReason();
        assertTrue(reason.contains("incompatible protocol") && reason.contains("version 99"), reason);
        assertEquals(1, leader.status().members().size());
    }
}
