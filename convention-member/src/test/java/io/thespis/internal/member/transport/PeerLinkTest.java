package io.thespis.internal.member.transport;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.thespis.actor.ActorAddress;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link to a real peer over gRPC on 127.0.0.1 (the receiving end is the real {@link InboundLinks}): a peer that
 * stops reading, a peer that goes away and comes back, one that never comes, another incarnation at the address.
 */
class PeerLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration SILENCE = Duration.ofMillis(800);
    private static final String SELF = "127.0.0.1:2/self";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService writers = Executors.newSingleThreadExecutor();
    private final List<Server> servers = new ArrayList<>();
    private final List<PeerLink> links = new ArrayList<>();
    private final List<Long> undelivered = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final List<String> declaredGone = new CopyOnWriteArrayList<>();
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        links.forEach(link -> link.close(System.nanoTime()));
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        scheduler.shutdownNow();
        writers.shutdownNow();
    }

    /** The receiving end: records envelope ids in order; reads only while {@link #room} is true. */
    private final class Peer implements InboundLinks.Receiver {
        final Queue<Long> received = new ConcurrentLinkedQueue<>();
        final Queue<String> broken = new ConcurrentLinkedQueue<>();
        volatile boolean room = true;
        final InboundLinks inbound;

        Peer(String system, Function<String, String> senderGoneReason) {
            inbound = new InboundLinks(this, () -> system, senderGoneReason, scheduler, writers,
                    Duration.ofMillis(50));
        }

        @Override
        public void envelope(Envelope envelope, String peer) {
            received.add(envelope.getRecipient().getActorId());
        }

        @Override
        public void create(CreateActorRequest create, String peer) {
        }

        @Override
        public boolean hasRoom() {
            return room;
        }

        @Override
        public void streamBroke(String peer) {
            broken.add(peer);
        }

        /** Serves this peer on {@code port}. */
        void serve(int port) throws IOException {
            servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .flowControlWindow(64 * 1024).addService(new io.thespis.proto.v1.TransportGrpc.TransportImplBase() {
                        @Override
                        public io.grpc.stub.StreamObserver<io.thespis.proto.v1.TransportFrame> deliver(
                                io.grpc.stub.StreamObserver<io.thespis.proto.v1.DeliverAck> acks) {
                            return inbound.open(acks);
                        }
                    }).build().start());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private PeerLink link(String target, int port, long bound, Duration maxWait) {
        PeerLink link = new PeerLink(target, SELF, () -> {
            ManagedChannel channel = GrpcEndpoints.PLAINTEXT.channel("127.0.0.1:" + port);
            channels.add(channel);
            return channel;
        }, scheduler,
                writers, new PeerLink.Listener() {
                    @Override
                    public void undelivered(String system, PeerLink.Outbound outbound, String reason) {
                        undelivered.add(outbound.envelope().getRecipient().getActorId());
                        reasons.add(reason);
                    }

                    @Override
                    public void declaredGone(String reason) {
                        declaredGone.add(reason);
                    }

                    @Override
                    public void streamFailed(String system) {
                    }
                }, System::nanoTime, SILENCE, bound, maxWait);
        scheduler.scheduleAtFixedRate(link::tick, 100, 100, TimeUnit.MILLISECONDS);
        links.add(link);
        return link;
    }

    private static void send(PeerLink link, String target, long fromId, long toId) {
        for (long id = fromId; id < toId; id++) {
            Envelope envelope = Envelope.newBuilder().setRecipient(WireAddresses.toWire(ActorAddress.of(target, id)))
                    .setPayloadType("text").setPayload(com.google.protobuf.ByteString.copyFromUtf8("x".repeat(100)))
                    .build();
            link.send(new PeerLink.Outbound(envelope, ActorAddress.of(target, id), "x", ActorAddress.of(SELF, 0),
                    null, System.nanoTime()));
        }
    }

    private static void assertInOrderOnce(Queue<Long> received) {
        List<Long> ids = List.copyOf(received);
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1) < ids.get(i), "in order, once: " + ids.get(i - 1) + " then " + ids.get(i));
        }
    }

    @Test
    void aPeerThatStopsReadingStaysLinkedGetsDeadLettersBeyondTheBoundAndTheRestInOrderWhenItReads()
            throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        Peer peer = new Peer(target, sender -> null);
        peer.serve(port);
        PeerLink link = link(target, port, 256 * 1024, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> link.state() == PeerLink.State.CONNECTED);
        peer.room = false;

        int messages = 20_000;
        send(link, target, 0, messages);
        assertTrue(undelivered.size() > messages / 2, "most of 2.5 MB cannot wait behind a 256 KiB bound: "
                + undelivered.size() + " dead letters");
        assertEquals(List.of("the link to " + target + " is backed up"), reasons.stream().distinct().toList());
        await().during(SILENCE.multipliedBy(2)).atMost(WAIT).until(() -> link.state() == PeerLink.State.CONNECTED);

        peer.room = true;
        await().atMost(WAIT).until(() -> peer.received.size() + undelivered.size() == messages);
        assertInOrderOnce(peer.received);
        assertEquals(0, peer.received.stream().filter(undelivered::contains).count(), "each message delivered or dead");
    }

    /** A peer serving at a free port, and a link to it that has delivered 10 messages. */
    private record Linked(Peer peer, PeerLink link) {
    }

    private Linked linkedAndDelivering(String name) throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/" + name;
        Peer peer = new Peer(target, sender -> null);
        peer.serve(port);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        send(link, target, 0, 10);
        await().atMost(WAIT).until(() -> peer.received.size() == 10);
        return new Linked(peer, link);
    }

    @Test
    void aStreamItsSenderEndsIsNotBrokenOneCutUnderItIsReportedBrokenOnce() throws IOException {
        Linked ended = linkedAndDelivering("peer");
        ended.link().close(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        await().during(SILENCE).atMost(WAIT).until(ended.peer().broken::isEmpty);

        Linked cut = linkedAndDelivering("other");
        channels.get(channels.size() - 1).shutdownNow();
        await().atMost(WAIT).until(() -> !cut.peer().broken.isEmpty());
        await().during(SILENCE).atMost(WAIT).until(() -> cut.peer().broken.size() == 1);
        assertEquals(SELF, cut.peer().broken.peek());
        assertEquals(List.of(), List.copyOf(ended.peer().broken), "the stream its sender ended is not broken");
    }

    @Test
    void messagesSentWhileThePeerIsAwayArriveOnceAndInOrderWhenItComesBack() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        Peer peer = new Peer(target, sender -> null);
        peer.serve(port);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        send(link, target, 0, 5_000);
        await().atMost(WAIT).until(() -> peer.received.size() == 5_000);

        servers.get(0).shutdownNow();
        send(link, target, 5_000, 10_000);
        await().atMost(WAIT).until(() -> link.state() == PeerLink.State.RETRYING);
        send(link, target, 10_000, 15_000);
        peer.serve(port);

        await().atMost(WAIT).until(() -> peer.received.size() == 15_000);
        assertInOrderOnce(peer.received);
        assertEquals(List.of(), undelivered, "nothing lost, nothing dead");
        assertEquals(PeerLink.State.CONNECTED, link.state());
    }

    @Test
    void whatAStoppingLinkCannotGetAcknowledgedBecomesDeadLettersNothingIsLost() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        Peer peer = new Peer(target, sender -> null);
        peer.serve(port);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> link.state() == PeerLink.State.CONNECTED);
        peer.room = false;
        send(link, target, 0, 5_000);
        link.close(System.nanoTime() + Duration.ofMillis(300).toNanos());
        peer.room = true;

        assertEquals(PeerLink.State.CLOSED, link.state());
        assertTrue(!undelivered.isEmpty(), "the peer read almost nothing: most are dead letters");
        assertEquals(List.of("this system is shutting down and " + target + " had not acknowledged it: delivery "
                + "unknown"), reasons.stream().distinct().toList());
        assertEquals(5_000, undelivered.size() + peer.received.stream().filter(id -> !undelivered.contains(id))
                .count(), "every message delivered or a dead letter");
        assertInOrderOnce(peer.received);
    }

    @Test
    void messagesForAPeerUnreachableLongerThanTheWaitBecomeDeadLettersWithTheReason() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        PeerLink link = link(target, port, 64L << 20, Duration.ofMillis(300));
        send(link, target, 0, 10);
        await().atMost(WAIT).until(() -> undelivered.size() == 10);
        assertEquals(List.of("the member " + target + " was unreachable for 300 ms"),
                reasons.stream().distinct().toList());
        assertTrue(link.state() == PeerLink.State.RETRYING || link.state() == PeerLink.State.CONNECTING,
                link.state().toString());
    }

    @Test
    void anotherIncarnationAtThePeersAddressMeansThePeerIsGone() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/old";
        new Peer("127.0.0.1:" + port + "/new", sender -> null).serve(port);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        send(link, target, 0, 10);
        await().atMost(WAIT).until(() -> undelivered.size() == 10);
        assertEquals(PeerLink.State.GONE, link.state());
        assertTrue(reasons.get(0).contains(target + " is gone"), reasons.get(0));
    }

    @Test
    void aPeerThatSaysThisSystemWasDeclaredGoneIsHeard() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        new Peer(target, sender -> sender.equals(SELF) ? "silent for over 3000 ms" : null).serve(port);
        link(target, port, 64L << 20, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> !declaredGone.isEmpty());
        assertTrue(declaredGone.get(0).contains("silent for over 3000 ms"), declaredGone.get(0));
    }

    /**
     * A receiver that takes frames off the wire but never delivers them, and keeps acknowledging (so the link is not
     * silent), saying with each acknowledgement whether it waits for more: as a connection stuck in TCP loss
     * recovery looks from the sender when {@code waiting}, as a busy receiver when not.
     */
    private AtomicInteger serveNeverDelivering(int port, boolean waiting) throws IOException {
        AtomicInteger streams = new AtomicInteger();
        servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new io.thespis.proto.v1.TransportGrpc.TransportImplBase() {
                    @Override
                    public io.grpc.stub.StreamObserver<io.thespis.proto.v1.TransportFrame> deliver(
                            io.grpc.stub.StreamObserver<DeliverAck> acks) {
                        streams.incrementAndGet();
                        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> {
                            synchronized (acks) {
                                acks.onNext(DeliverAck.newBuilder().setDelivered(0).setWaiting(waiting).build());
                            }
                        }, 0, 100, TimeUnit.MILLISECONDS);
                        return new io.grpc.stub.StreamObserver<>() {
                            @Override
                            public void onNext(io.thespis.proto.v1.TransportFrame frame) {
                            }

                            @Override
                            public void onError(Throwable error) {
                                ticks.cancel(false);
                            }

                            @Override
                            public void onCompleted() {
                                ticks.cancel(false);
                            }
                        };
                    }
                }).build().start());
        return streams;
    }

    @Test
    void aStreamWhoseReceiverWaitsForFramesItWasSentIsReplacedOnAFreshConnection() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        AtomicInteger streams = serveNeverDelivering(port, true);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> link.state() == PeerLink.State.CONNECTED);
        send(link, target, 0, 10);
        await().atMost(WAIT).until(() -> streams.get() >= 2);
        assertEquals(List.of(), undelivered, "held and resent, not dropped");
    }

    @Test
    void aStreamWhoseReceiverIsBusyIsNotStalled() throws IOException {
        int port = freePort();
        String target = "127.0.0.1:" + port + "/peer";
        AtomicInteger streams = serveNeverDelivering(port, false);
        PeerLink link = link(target, port, 64L << 20, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> link.state() == PeerLink.State.CONNECTED);
        send(link, target, 0, 10);
        await().during(PeerLink.FIRST_STALL.multipliedBy(3)).atMost(WAIT)
                .until(() -> streams.get() == 1 && link.state() == PeerLink.State.CONNECTED);
    }
}
