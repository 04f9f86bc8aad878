package io.thespis.internal.member.transport;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.internal.engine.EndOfHandler;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.EnvelopeBatch;
import io.thespis.proto.v1.Hello;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one link from this system to another: envelopes and in-stream creations, in the order they were handed
 * over, batched into frames, numbered, and kept until the receiver acknowledges them, so that they arrive exactly
 * once and in order across lost connections.
 *
 * <ul>
 *   <li>Frames are written only while gRPC says the stream is ready, so a slow peer makes them wait here rather
 *       than in gRPC's buffers; an actor's sends are written when its handler returns, others at once, on the
 *       sender's own thread ({@link EndOfHandler}).</li>
 *   <li>The receiver acknowledges several times per heartbeat interval, also while it does not read. A link not
 *       acknowledged for the member timeout is lost (a cut, a one-way link, a frozen peer): it reconnects on a fresh
 *       connection after a capped, jittered {@link Backoff}, learns what the peer delivered, and resends the
 *       rest.</li>
 *   <li>What waits is bounded in bytes ({@code maxQueuedBytes}, 64 MiB by default) and in time
 *       ({@code maxWait}, 10 s): beyond, messages become dead letters, with the reason, logged once per
 *       episode. A message written before the link was lost waits for the peer to say whether it was delivered,
 *       so it is never both delivered and a dead letter.</li>
 *   <li>When the peer is declared gone, or turns out to be another incarnation, whatever is held becomes dead
 *       letters.</li>
 * </ul>
 */
public final class PeerLink {
    /** Envelopes per frame at most. */
    public static final int MAX_BATCH = 256;
    /** Payload bytes per frame at most, before the frame is sent. */
    static final int MAX_BATCH_BYTES = 1 << 20;
    /** Encoded bytes a link holds for a peer that does not read or cannot be reached, at most. */
    static final long MAX_QUEUED_BYTES = 64L << 20;
    /** How long a message may wait for a peer that does not read or cannot be reached. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** How long a stream may stall (the peer waits for frames it was sent) before it is replaced, at first. */
    static final Duration FIRST_STALL = Duration.ofSeconds(1);
    /** The most a stall may last before the stream is replaced, however often it stalled. */
    static final Duration MAX_STALL = Duration.ofSeconds(16);

    private static final System.Logger LOG = System.getLogger(PeerLink.class.getName());

    /** Something waiting to be sent: an envelope (with what it was made from, for dead letters) or a creation. */
    public record Outbound(Envelope envelope, ActorAddress target, Object message, ActorAddress sender,
                    CreateActorRequest create, long enqueuedNanos) {
        /** What it takes on the wire, which it also takes here (protobuf remembers the size it computed). */
        int size() {
            return envelope != null ? envelope.getSerializedSize() : create.getSerializedSize();
        }
    }

    /** What a link tells the system it belongs to. */
    public interface Listener {
        /** {@code outbound} cannot be delivered to {@code targetSystem}, for {@code reason}. */
        void undelivered(String targetSystem, Outbound outbound, String reason);

        /** The peer says this system's incarnation was declared gone, for {@code reason}. */
        void declaredGone(String reason);

        /** A stream to {@code targetSystem} that the peer had taken failed: its process may have just died. */
        void streamFailed(String targetSystem);
    }

    /** Where the link stands. */
    enum State {
        /** A stream is open; waiting for the peer to say what it has delivered. */
        CONNECTING,
        /** Frames flow and are acknowledged. */
        CONNECTED,
        /** The link was lost; the next attempt is scheduled. */
        RETRYING,
        /** The peer is gone: everything sent to it becomes a dead letter. */
        GONE,
        /** This system is stopping: what was written waits a moment for the peer to acknowledge it. */
        CLOSING,
        /** This system has stopped. */
        CLOSED
    }

    /** A message written on some stream, with its sequence number, until the peer acknowledges it. */
    private record Sent(long sequence, Outbound outbound) {
    }

    private final String targetSystem;
    private final String ownSystem;
    private final Supplier<ManagedChannel> channels;
    private final ScheduledExecutorService scheduler;
    private final Executor writers;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final long silenceNanos;
    private final long maxQueuedBytes;
    private final long maxWaitNanos;
    private final Backoff backoff = new Backoff(Backoff.FIRST_RECONNECT, Backoff.MAX_RECONNECT,
            () -> ThreadLocalRandom.current().nextDouble());
    private final Queue<Outbound> pending = new ConcurrentLinkedQueue<>();
    /** Written and not acknowledged, in sequence order; guarded by {@code this}. */
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
    /** Not acknowledged when the link was lost: written again, before {@link #pending}; guarded by {@code this}. */
    private final ArrayDeque<Sent> resend = new ArrayDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean backedUp = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Runnable flushHere = this::flushHere;
    /** The frame being written; only the writer (who holds {@link #flushing}) touches it. */
    private final Sent[] frameBuffer = new Sent[MAX_BATCH];
    private volatile State state = State.CONNECTING;
    /** Why the link ended (written before {@link #state} becomes final): what is sent to it now is a dead letter. */
    private volatile String endReason;
    private volatile ManagedChannel channel;
    private volatile ClientCallStreamObserver<TransportFrame> stream;
    private volatile long lastAckNanos;
    /** The next sequence number to give a message written for the first time; only the writer moves it. */
    private long nextSequence = 1;
    private long lostSinceNanos;
    /** The highest delivery the peer reported on any stream; guarded by {@code this}. */
    private long deliveredSeen;
    /** Since when the peer has waited for frames it holds unacknowledged (0: it does not); guarded by {@code this}. */
    private long stalledSinceNanos;
    /** How long a stall may last now; guarded by {@code this}. */
    private long stallLimitNanos = FIRST_STALL.toNanos();
    private String lostReason;
    private long expiredThisEpisode;

    /**
     * A link to {@code targetSystem} over channels made by {@code channels} (a fresh one per connection), lost when
     * not acknowledged for {@code silence}, telling {@code listener} what it cannot deliver and what it learns of
     * the peer. Writing is handed to {@code writers} when the sender's thread cannot do it.
     */
    PeerLink(String targetSystem, String ownSystem, Supplier<ManagedChannel> channels,
             ScheduledExecutorService scheduler, Executor writers, Listener listener,
             LongSupplier nanoTime, Duration silence, long maxQueuedBytes,
             Duration maxWait) {
        this.targetSystem = targetSystem;
        this.ownSystem = ownSystem;
        this.channels = channels;
        this.scheduler = scheduler;
        this.writers = writers;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.silenceNanos = silence.toNanos();
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxWaitNanos = maxWait.toNanos();
        this.channel = channels.get();
        synchronized (this) {
            connect();
        }
    }

    /** Bytes held for the peer now: waiting, or written and not acknowledged. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /** The channel to the peer now, for unary calls. */
    ManagedChannel channel() {
        return channel;
    }

    State state() {
        return state;
    }

    /** Opens a stream and says hello; the peer's first acknowledgement makes the link connected. */
    private void connect() {
        state = State.CONNECTING;
        lastAckNanos = nanoTime.getAsLong();
        TransportGrpc.newStub(channel).deliver(new ClientResponseObserver<TransportFrame, DeliverAck>() {
            private ClientCallStreamObserver<TransportFrame> own;

            @Override
            public void beforeStart(ClientCallStreamObserver<TransportFrame> requests) {
                own = requests;
                stream = requests;
                requests.setOnReadyHandler(PeerLink.this::scheduleFlush);
            }

            @Override
            public void onNext(DeliverAck ack) {
                acknowledged(own, ack);
            }

            @Override
            public void onError(Throwable error) {
                // Told first: what losing the link takes (a fresh channel, the log line) would delay a probe.
                if (connectedOn(own)) {
                    listener.streamFailed(targetSystem);
                }
                lost(own, "the stream failed: " + error.getMessage());
            }

            @Override
            public void onCompleted() {
                lost(own, "the other side closed the stream");
            }
        });
        stream.onNext(TransportFrame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(TransportService.PROTOCOL_VERSION).setSenderSystem(ownSystem)
                .setReceiverSystem(targetSystem)).build());
    }

    /**
     * Queues {@code outbound} behind everything handed over before it. An actor's sends are written when its
     * handler returns, others at once, each on the sender's own thread ({@link EndOfHandler}).
     */
    void send(Outbound outbound) {
        State now = state;
        if (now == State.GONE || now == State.CLOSING || now == State.CLOSED) {
            listener.undelivered(targetSystem, outbound, endReason);
            return;
        }
        int size = outbound.size();
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            if (backedUp.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "the link to " + targetSystem + " is backed up: " + maxQueuedBytes
                        + " bytes wait for it; what is sent to it becomes dead letters until it drains");
            }
            listener.undelivered(targetSystem, outbound, "the link to " + targetSystem + " is backed up");
            return;
        }
        pending.add(outbound);
        // The link may have ended, and drained its queue, between the check above and the add: what the drain
        // missed becomes a dead letter here, never stranded. (Ending sets the state before it drains, and this
        // reads the state after it adds: one of the two sees the message.)
        State after = state;
        if (after == State.GONE || after == State.CLOSED) {
            drainLate();
        }
        if (!EndOfHandler.defer(flushHere)) {
            flushHere();
        }
    }

    /** Writes on this thread unless another one is writing already (that one writes what was queued too). */
    private void flushHere() {
        if (state == State.CONNECTED && flushing.compareAndSet(false, true)) {
            flush();
        }
    }

    /** Hands writing to another thread: when the stream becomes ready again, and after a raced flush. */
    private void scheduleFlush() {
        if (state == State.CONNECTED && hasWork() && flushing.compareAndSet(false, true)) {
            writers.execute(this::flush);
        }
    }

    private boolean hasWork() {
        if (!pending.isEmpty()) {
            return true;
        }
        synchronized (this) {
            return !resend.isEmpty();
        }
    }

    private void flush() {
        try {
            writeWhileReady();
        } finally {
            flushing.set(false);
        }
        ClientCallStreamObserver<TransportFrame> out = stream;
        if (state == State.CONNECTED && out.isReady()) {
            scheduleFlush();
        }
    }

    /** Writes queued frames while the stream is ready; the caller holds {@link #flushing}. */
    private void writeWhileReady() {
        ClientCallStreamObserver<TransportFrame> out = stream;
        try {
            while (state == State.CONNECTED && out.isReady()) {
                int taken = takeFrame();
                if (taken == 0) {
                    backedUp.set(false);
                    break;
                }
                TransportFrame.Builder frame = TransportFrame.newBuilder().setSequence(frameBuffer[0].sequence());
                if (frameBuffer[0].outbound().create() != null) {
                    frame.setCreate(frameBuffer[0].outbound().create());
                } else {
                    EnvelopeBatch.Builder batch = frame.getBatchBuilder();
                    for (int i = 0; i < taken; i++) {
                        batch.addEnvelopes(frameBuffer[i].outbound().envelope());
                    }
                }
                Arrays.fill(frameBuffer, 0, taken, null);
                out.onNext(frame.build());
            }
        } catch (RuntimeException e) {
            lost(out, "sending failed: " + e);
        }
    }

    /**
     * Takes the next frame's worth into {@link #frameBuffer}, now counted as unacknowledged: what must be resent
     * first, then what waits; up to {@link #MAX_BATCH} envelopes and {@link #MAX_BATCH_BYTES}, or one creation
     * alone. Returns how many.
     */
    private int takeFrame() {
        synchronized (this) {
            int taken = 0;
            int bytes = 0;
            while (taken < MAX_BATCH && bytes < MAX_BATCH_BYTES) {
                Sent again = resend.peek();
                Outbound next = again != null ? again.outbound() : pending.peek();
                if (next == null || next.create() != null && taken > 0) {
                    break;
                }
                Sent sent = again != null ? resend.poll() : new Sent(nextSequence++, pending.poll());
                unacked.add(sent);
                frameBuffer[taken++] = sent;
                if (next.create() != null) {
                    break;
                }
                bytes += next.envelope().getPayload().size();
            }
            return taken;
        }
    }

    /** The peer says what it has delivered: that is forgotten; a first acknowledgement resumes the link. */
    private void acknowledged(ClientCallStreamObserver<TransportFrame> from, DeliverAck ack) {
        synchronized (this) {
            if (from != stream || state == State.CLOSED) {
                return;
            }
            if (state == State.CLOSING || state == State.GONE) {
                while (!unacked.isEmpty() && unacked.peek().sequence() <= ack.getDelivered()) {
                    queuedBytes.addAndGet(-unacked.poll().outbound().size());
                }
                notifyAll();
                return;
            }
            switch (ack.getRefusal()) {
                case NO_SUCH_INCARNATION -> {
                    gone("the member " + targetSystem + " is gone: " + ack.getReason(), Duration.ZERO);
                    return;
                }
                case SENDER_DECLARED_GONE -> {
                    scheduler.execute(() -> listener.declaredGone(ack.getReason()));
                    lost(from, "the peer says: " + ack.getReason());
                    return;
                }
                default -> {
                }
            }
            long now = nanoTime.getAsLong();
            lastAckNanos = now;
            boolean progressed = ack.getDelivered() > deliveredSeen;
            deliveredSeen = Math.max(deliveredSeen, ack.getDelivered());
            while (!unacked.isEmpty() && unacked.peek().sequence() <= ack.getDelivered()) {
                queuedBytes.addAndGet(-unacked.poll().outbound().size());
            }
            judgeStall(ack.getWaiting(), progressed, now);
            if (state != State.CONNECTING) {
                return;
            }
            expireUnacknowledged();
            resend.addAll(unacked);
            unacked.clear();
            stalledSinceNanos = 0;
            state = State.CONNECTED;
            backoff.reset();
            if (lostReason != null) {
                LOG.log(Level.INFO, "the link to " + targetSystem + " is back after "
                        + (nanoTime.getAsLong() - lostSinceNanos) / 1_000_000 + " ms; resending " + resend.size()
                        + " messages it had not acknowledged");
                lostReason = null;
                expiredThisEpisode = 0;
            }
        }
        scheduleFlush();
    }

    /**
     * The peer waits for frames while some written to it are unacknowledged: from then on, unless it delivers
     * more, the stream is stalled (its connection is stuck in TCP loss recovery, whose timer a slow or lossy
     * episode can stretch to seconds). Progress resets the stall and its limit.
     */
    private void judgeStall(boolean peerWaits, boolean progressed, long now) {
        if (progressed) {
            stallLimitNanos = FIRST_STALL.toNanos();
        }
        if (!peerWaits || unacked.isEmpty()) {
            stalledSinceNanos = 0;
        } else if (stalledSinceNanos == 0 || progressed) {
            stalledSinceNanos = now;
        }
    }

    /**
     * Why the stream is stalled past its limit, or {@code null}. Each stall doubles the limit (up to
     * {@link #MAX_STALL}) until the peer delivers again, so that a link so slow that one frame takes longer than the
     * limit settles instead of resending it forever.
     */
    private synchronized String stalled(long now) {
        if (state != State.CONNECTED || stalledSinceNanos == 0 || now - stalledSinceNanos <= stallLimitNanos) {
            return null;
        }
        String reason = "stalled: the peer waited " + (now - stalledSinceNanos) / 1_000_000 + " ms for frames "
                + "written to it";
        stallLimitNanos = Math.min(stallLimitNanos * 2, MAX_STALL.toNanos());
        stalledSinceNanos = 0;
        return reason;
    }

    /** On reconnecting: what the peer did not deliver and waited too long becomes dead letters. */
    private void expireUnacknowledged() {
        long now = nanoTime.getAsLong();
        while (!unacked.isEmpty() && now - unacked.peek().outbound().enqueuedNanos() > maxWaitNanos) {
            expire(unacked.poll().outbound());
        }
    }

    /**
     * Every heartbeat interval: a link not acknowledged for the member timeout is lost, and so is one stalled past
     * its limit; messages that never left and waited too long become dead letters.
     */
    void tick() {
        long now = nanoTime.getAsLong();
        State current = state;
        if ((current == State.CONNECTED || current == State.CONNECTING) && now - lastAckNanos > silenceNanos) {
            ClientCallStreamObserver<TransportFrame> silent = stream;
            silent.cancel("not acknowledged for " + silenceNanos / 1_000_000 + " ms", null);
            lost(silent, "not acknowledged for over " + silenceNanos / 1_000_000 + " ms");
        } else {
            ClientCallStreamObserver<TransportFrame> watched = stream;
            String stall = stalled(now);
            if (stall != null) {
                watched.cancel(stall, null);
                lost(watched, stall);
            }
        }
        Outbound oldest = pending.peek();
        if (oldest != null && now - oldest.enqueuedNanos() > maxWaitNanos && flushing.compareAndSet(false, true)) {
            try {
                synchronized (this) {
                    while ((oldest = pending.peek()) != null && now - oldest.enqueuedNanos() > maxWaitNanos) {
                        expire(pending.poll());
                    }
                }
            } finally {
                flushing.set(false);
            }
        }
    }

    /** A message waited longer than {@link #maxWaitNanos}: a dead letter, the first of an episode logged. */
    private void expire(Outbound outbound) {
        queuedBytes.addAndGet(-outbound.size());
        long waitMillis = maxWaitNanos / 1_000_000;
        String reason = (state == State.CONNECTED ? "the member " + targetSystem + " has not read for "
                : "the member " + targetSystem + " was unreachable for ")
                + (waitMillis % 1000 == 0 ? waitMillis / 1000 + " s" : waitMillis + " ms");
        if (expiredThisEpisode++ == 0) {
            LOG.log(Level.WARNING, reason + ": messages to it become dead letters");
        }
        listener.undelivered(targetSystem, outbound, reason);
    }

    /** Whether {@code from} is the stream of a connected link. */
    private synchronized boolean connectedOn(ClientCallStreamObserver<TransportFrame> from) {
        return from == stream && state == State.CONNECTED;
    }

    /** Stream {@code from} is lost: reconnect on a fresh connection after the backoff; nothing held is dropped. */
    private synchronized void lost(ClientCallStreamObserver<TransportFrame> from, String reason) {
        if (from != stream || (state != State.CONNECTED && state != State.CONNECTING)) {
            return;
        }
        if (lostReason == null) {
            lostReason = reason;
            lostSinceNanos = nanoTime.getAsLong();
            LOG.log(Level.WARNING, "lost the link to " + targetSystem + " (" + reason + "); holding what is sent to "
                    + "it for up to " + maxWaitNanos / 1_000_000 + " ms and reconnecting");
        }
        state = State.RETRYING;
        stalledSinceNanos = 0;
        ManagedChannel abandoned = channel;
        channel = channels.get();
        abandoned.shutdownNow();
        scheduler.schedule(this::retry, backoff.next().toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void retry() {
        if (state == State.RETRYING) {
            connect();
        }
    }

    /**
     * The peer is gone: whatever is sent to it from now on, and what was never written to it, becomes dead letters
     * at once. What was written on a stream still open waits up to {@code grace} for the peer's last
     * acknowledgement (a member that leaves acknowledges what it took before its streams end); what it does not
     * acknowledge by then becomes dead letters too, of unknown delivery.
     */
    synchronized void gone(String reason, Duration grace) {
        if (state == State.GONE || state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        boolean connected = state == State.CONNECTED;
        endReason = reason;
        state = State.GONE;
        endStream();
        if (connected && !unacked.isEmpty() && !grace.isZero() && !grace.isNegative()) {
            drainUnwritten(reason);
            try {
                scheduler.schedule(() -> unacknowledgedGone(reason), grace.toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException stopping) {
                // This system is stopping too: nothing will come.
            }
        }
        drainAsUndeliverable(reason);
    }

    private void drainLate() {
        Outbound late;
        while ((late = pending.poll()) != null) {
            listener.undelivered(targetSystem, late, endReason);
            queuedBytes.addAndGet(-late.size());
        }
    }

    private synchronized void unacknowledgedGone(String reason) {
        drainAsUndeliverable(unacked.isEmpty() ? reason : reason + "; it had not acknowledged it: delivery unknown");
    }

    /**
     * Dead letters for everything held, written and not acknowledged too (when the peer is gone, whether it was
     * delivered no longer matters: its actors are reported exited).
     */
    private void drainAsUndeliverable(String reason) {
        for (Sent sent : unacked) {
            listener.undelivered(targetSystem, sent.outbound(), reason);
            queuedBytes.addAndGet(-sent.outbound().size());
        }
        unacked.clear();
        drainUnwritten(reason);
        channel.shutdown();
    }

    /** Dead letters for what was not written to the peer, or was written on a stream since lost. */
    private void drainUnwritten(String reason) {
        for (Sent sent : resend) {
            listener.undelivered(targetSystem, sent.outbound(), reason);
            queuedBytes.addAndGet(-sent.outbound().size());
        }
        resend.clear();
        Outbound outbound;
        while ((outbound = pending.poll()) != null) {
            listener.undelivered(targetSystem, outbound, reason);
            queuedBytes.addAndGet(-outbound.size());
        }
    }

    private void endStream() {
        try {
            stream.onCompleted();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "closing the stream to " + targetSystem + ": " + e);
        }
    }

    /**
     * Stopping: writes what is queued and the stream will take, ends the stream, and waits until
     * {@code deadlineNanos} for the peer to acknowledge what was written. Whatever never left, and whatever it has not
     * acknowledged by then, becomes dead letters, the latter marked "delivery unknown" (the peer may still read it):
     * nothing is dropped unseen.
     */
    void close(long deadlineNanos) {
        while (!flushing.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            writeWhileReady();
            synchronized (this) {
                if (state == State.GONE || state == State.CLOSING || state == State.CLOSED) {
                    return;
                }
                boolean connected = state == State.CONNECTED;
                endReason = "this system is shutting down";
                state = State.CLOSING;
                endStream();
                while (connected && !unacked.isEmpty()) {
                    long remaining = deadlineNanos - nanoTime.getAsLong();
                    if (remaining <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, remaining);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                state = State.CLOSED;
                drainAsUndeliverable("this system is shutting down and " + targetSystem + " had not acknowledged it: "
                        + "delivery unknown");
            }
        } finally {
            flushing.set(false);
        }
    }
}
