package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.internal.engine.EndOfHandler;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverSummary;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.EnvelopeBatch;
import io.thespis.proto.v1.Hello;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one stream from this system to another: envelopes and in-stream creations, in the order they were handed
 * over, batched into frames, sent only while gRPC says the stream is ready (so a slow peer holds them here rather
 * than in gRPC's buffers). A peer that stops reading cannot make this system hold more than
 * {@link #MAX_QUEUED_BYTES}: beyond that, what is sent to it becomes dead letters until it drains. When the stream
 * fails, what it still holds becomes dead letters and the link is discarded; the next message opens a new one.
 */
final class PeerLink {
    /** Envelopes per frame at most. */
    static final int MAX_BATCH = 256;
    /** Payload bytes per frame at most, before the frame is sent. */
    static final int MAX_BATCH_BYTES = 1 << 20;
    /** Encoded bytes a link holds for a peer that does not read, at most. */
    static final long MAX_QUEUED_BYTES = 64L << 20;

    private static final System.Logger LOG = System.getLogger(PeerLink.class.getName());

    /** Something waiting to be sent: an envelope (with what it was made from, for dead letters) or a creation. */
    record Outbound(Envelope envelope, ActorAddress target, Object message, ActorAddress sender,
                    CreateActorRequest create) {
        /** What it takes on the wire, which it also takes here (protobuf remembers the size it computed). */
        int size() {
            return envelope != null ? envelope.getSerializedSize() : create.getSerializedSize();
        }
    }

    /** Where undeliverable messages go. */
    interface Undeliverable {
        void undelivered(String targetSystem, Outbound outbound, String reason);
    }

    private final String targetSystem;
    private final ManagedChannel channel;
    private final Executor executor;
    private final Undeliverable undeliverable;
    private final Runnable onBroken;
    private final long maxQueuedBytes;
    private final Queue<Outbound> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean backedUp = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Runnable flushHere = this::flushHere;
    private volatile ClientCallStreamObserver<TransportFrame> stream;
    private volatile boolean broken;

    PeerLink(String targetSystem, String ownSystem, ManagedChannel channel, Executor executor,
             Undeliverable undeliverable, Runnable onBroken) {
        this(targetSystem, ownSystem, channel, executor, undeliverable, onBroken, MAX_QUEUED_BYTES);
    }

    PeerLink(String targetSystem, String ownSystem, ManagedChannel channel, Executor executor,
             Undeliverable undeliverable, Runnable onBroken, long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.targetSystem = targetSystem;
        this.channel = channel;
        this.executor = executor;
        this.undeliverable = undeliverable;
        this.onBroken = onBroken;
        TransportGrpc.newStub(channel).deliver(new ClientResponseObserver<TransportFrame, DeliverSummary>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<TransportFrame> requests) {
                stream = requests;
                requests.setOnReadyHandler(PeerLink.this::scheduleFlush);
            }

            @Override
            public void onNext(DeliverSummary summary) {
            }

            @Override
            public void onError(Throwable error) {
                fail("the stream to " + targetSystem + " failed: " + error.getMessage());
            }

            @Override
            public void onCompleted() {
                fail("the stream to " + targetSystem + " was closed by the other side");
            }
        });
        stream.onNext(TransportFrame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(TransportService.PROTOCOL_VERSION).setSenderSystem(ownSystem)).build());
    }

    ManagedChannel channel() {
        return channel;
    }

    boolean isBroken() {
        return broken;
    }

    /**
     * Queues {@code outbound} behind everything handed over before it. An actor's sends are written when its
     * handler returns, others at once, each on the sender's own thread ({@link EndOfHandler}).
     */
    void send(Outbound outbound) {
        int size = outbound.size();
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            if (backedUp.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "the stream to " + targetSystem + " is backed up: " + maxQueuedBytes
                        + " bytes wait for it to read; what is sent to it becomes dead letters until it drains");
            }
            undeliverable.undelivered(targetSystem, outbound, "the stream to " + targetSystem + " is backed up");
            return;
        }
        pending.add(outbound);
        if (broken) {
            drainAsUndeliverable("the stream to " + targetSystem + " is closed");
        } else if (!EndOfHandler.defer(flushHere)) {
            flushHere();
        }
    }

    /** Writes on this thread unless another one is writing already (that one writes what was queued too). */
    private void flushHere() {
        if (!pending.isEmpty() && flushing.compareAndSet(false, true)) {
            flush();
        }
    }

    /** Hands writing to the link's executor: when the stream becomes ready again, and after a raced flush. */
    private void scheduleFlush() {
        if (!pending.isEmpty() && flushing.compareAndSet(false, true)) {
            executor.execute(this::flush);
        }
    }

    private void flush() {
        try {
            writeWhileReady();
        } finally {
            flushing.set(false);
        }
        if (!broken && stream.isReady()) {
            scheduleFlush();
        }
    }

    /** Writes queued frames while the stream is ready; the caller holds {@link #flushing}. */
    private void writeWhileReady() {
        try {
            ClientCallStreamObserver<TransportFrame> out = stream;
            EnvelopeBatch.Builder batch = EnvelopeBatch.newBuilder();
            int batchBytes = 0;
            while (!broken && out.isReady()) {
                Outbound next = taken();
                if (next == null) {
                    backedUp.set(false);
                    break;
                }
                if (next.create() != null) {
                    batchBytes = sendBatch(out, batch);
                    out.onNext(TransportFrame.newBuilder().setCreate(next.create()).build());
                    continue;
                }
                batch.addEnvelopes(next.envelope());
                batchBytes += next.envelope().getPayload().size();
                if (batch.getEnvelopesCount() >= MAX_BATCH || batchBytes >= MAX_BATCH_BYTES) {
                    batchBytes = sendBatch(out, batch);
                }
            }
            sendBatch(out, batch);
        } catch (RuntimeException e) {
            fail("sending to " + targetSystem + " failed: " + e);
        }
    }

    /** The oldest queued, no longer counted as held; {@code null} when nothing is. */
    private Outbound taken() {
        Outbound next = pending.poll();
        if (next != null) {
            queuedBytes.addAndGet(-next.size());
        }
        return next;
    }

    private static int sendBatch(ClientCallStreamObserver<TransportFrame> out, EnvelopeBatch.Builder batch) {
        if (batch.getEnvelopesCount() > 0) {
            out.onNext(TransportFrame.newBuilder().setBatch(batch.build()).build());
            batch.clear();
        }
        return 0;
    }

    private void fail(String reason) {
        if (broken) {
            return;
        }
        broken = true;
        LOG.log(Level.INFO, reason + "; messages still queued for it become dead letters");
        onBroken.run();
        drainAsUndeliverable(reason);
    }

    private void drainAsUndeliverable(String reason) {
        Outbound outbound;
        while ((outbound = taken()) != null) {
            undeliverable.undelivered(targetSystem, outbound, reason);
        }
    }

    /** Sends what is queued and the stream will take, then ends the stream. */
    void close() {
        if (broken) {
            return;
        }
        while (!flushing.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        writeWhileReady();
        broken = true;
        try {
            stream.onCompleted();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "closing the stream to " + targetSystem + ": " + e);
        }
        drainAsUndeliverable("this system is shutting down");
        flushing.set(false);
    }
}
