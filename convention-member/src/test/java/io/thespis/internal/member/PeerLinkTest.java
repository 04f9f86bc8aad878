package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.proto.v1.DeliverSummary;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A link to a peer that stops reading, over real gRPC on 127.0.0.1. */
class PeerLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long BOUND = 256 * 1024;
    private static final int MESSAGES = 20_000;
    private static final ActorAddress TARGET = ActorAddress.of("127.0.0.1:1/peer", 1);

    private final ExecutorService writers = Executors.newSingleThreadExecutor();
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        writers.shutdownNow();
    }

    /** Reads nothing until {@link #readAll()}; then counts the envelopes, in the order they came. */
    private static final class SlowPeer extends TransportGrpc.TransportImplBase {
        final Queue<Long> received = new ConcurrentLinkedQueue<>();
        volatile ServerCallStreamObserver<DeliverSummary> call;

        @Override
        public StreamObserver<TransportFrame> deliver(StreamObserver<DeliverSummary> summary) {
            call = (ServerCallStreamObserver<DeliverSummary>) summary;
            call.disableAutoRequest();
            return new StreamObserver<>() {
                @Override
                public void onNext(TransportFrame frame) {
                    if (frame.hasBatch()) {
                        frame.getBatch().getEnvelopesList().forEach(e -> received.add(e.getRecipient().getActorId()));
                    }
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }

        void readAll() {
            call.request(Integer.MAX_VALUE);
        }
    }

    @Test
    void aPeerThatStopsReadingGetsDeadLettersBeyondTheBoundAndTheRestInOrderWhenItReads() throws IOException {
        SlowPeer peer = new SlowPeer();
        // A small HTTP/2 window, so that little waits in gRPC's buffers and the link's bound is what is tested.
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).flowControlWindow(64 * 1024)
                .addService(peer).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        List<Long> undelivered = new CopyOnWriteArrayList<>();
        List<String> reasons = new CopyOnWriteArrayList<>();
        PeerLink link = new PeerLink(TARGET.system(), "127.0.0.1:2/self", channel, writers,
                (system, outbound, reason) -> {
                    undelivered.add(outbound.envelope().getRecipient().getActorId());
                    reasons.add(reason);
                }, () -> { }, BOUND);
        await().atMost(WAIT).until(() -> peer.call != null);

        for (long id = 0; id < MESSAGES; id++) {
            Envelope envelope = Envelope.newBuilder().setRecipient(WireAddresses.toWire(ActorAddress.of(
                    TARGET.system(), id))).setPayloadType("text").setPayload(com.google.protobuf.ByteString
                    .copyFromUtf8("x".repeat(100))).build();
            link.send(new PeerLink.Outbound(envelope, TARGET, "x", TARGET, null));
        }

        assertTrue(undelivered.size() > MESSAGES / 2, "most of 2.5 MB cannot wait behind a 256 KiB bound: "
                + undelivered.size() + " dead letters");
        assertEquals(List.of("the stream to " + TARGET.system() + " is backed up"), reasons.stream().distinct()
                .toList());
        peer.readAll();
        await().atMost(WAIT).until(() -> peer.received.size() + undelivered.size() == MESSAGES);
        List<Long> received = List.copyOf(peer.received);
        for (int i = 1; i < received.size(); i++) {
            assertTrue(received.get(i - 1) < received.get(i), "in order: " + received.get(i - 1) + " then "
                    + received.get(i));
        }
        assertEquals(0, received.stream().filter(undelivered::contains).count(), "each message delivered or dead");
    }
}
