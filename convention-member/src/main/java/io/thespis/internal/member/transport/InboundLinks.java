package io.thespis.internal.member.transport;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.TransportFrame;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The receiving end of the streams other systems send on ({@link PeerLink} is the sending end): what each sender
 * incarnation has delivered here, by sequence number, so that what a reconnecting sender resends is delivered once;
 * acknowledgements back, at once after the hello, every {@code ackInterval} (also while this system does not read,
 * which tells the sender the link is alive) and after every {@link #ACK_EVERY} deliveries. A newer stream of the same
 * sender takes over: frames still arriving on the older one are ignored, and resent on the newer.
 */
final class InboundLinks {
    /** Deliveries after which an acknowledgement goes out without waiting for the interval. */
    static final long ACK_EVERY = 4096;
    /** Senders whose deliveries are remembered; the ones heard from least recently are forgotten first. */
    static final int SENDERS_REMEMBERED = 4096;

    private static final System.Logger LOG = System.getLogger(InboundLinks.class.getName());
    private static final long PAUSED_RECHECK_MILLIS = 5;

    /** What the links deliver to. */
    interface Receiver {
        /** An envelope from {@code peer}; never blocks. */
        void envelope(Envelope envelope, String peer);

        /** A creation from {@code peer}; may block. */
        void create(CreateActorRequest create, String peer);

        /** Whether there is room for more messages here (else streams stop reading). */
        boolean hasRoom();

        /**
         * A stream from {@code peer} broke: its sender neither ended it nor was stopping here. Its process may be
         * gone, and this end of its links often learns it first.
         */
        void streamBroke(String peer);
    }

    /** What one sender incarnation has delivered to one incarnation here, and through which stream. */
    private static final class Sender {
        long delivered;
        Stream current;
    }

    private final Receiver receiver;
    private final Supplier<String> ownSystem;
    private final Function<String, String> senderGoneReason;
    private final ScheduledExecutorService scheduler;
    private final Executor blockingWork;
    private final long ackIntervalNanos;
    private final Map<String, Sender> senders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sender> eldest) {
            return size() > SENDERS_REMEMBERED;
        }
    };

    /**
     * Links delivering to {@code receiver} for the system {@code ownSystem} names now; {@code senderGoneReason}
     * says why a sender incarnation is gone, or {@code null}. Creations run on {@code blockingWork}.
     */
    InboundLinks(Receiver receiver, Supplier<String> ownSystem, Function<String, String> senderGoneReason,
                 ScheduledExecutorService scheduler, Executor blockingWork, Duration ackInterval) {
        this.receiver = receiver;
        this.ownSystem = ownSystem;
        this.senderGoneReason = senderGoneReason;
        this.scheduler = scheduler;
        this.blockingWork = blockingWork;
        this.ackIntervalNanos = ackInterval.toNanos();
    }

    /** A new stream from some sender. */
    StreamObserver<TransportFrame> open(StreamObserver<DeliverAck> acks) {
        return new Stream((ServerCallStreamObserver<DeliverAck>) acks);
    }

    /** The sender incarnation {@code systemId} is gone: its deliveries need not be remembered. */
    synchronized void forget(String systemId) {
        senders.keySet().removeIf(pair -> pair.startsWith(systemId + " "));
    }

    /** Tells every sender what was delivered here so far, at once (this system is about to stop). */
    void acknowledgeAll() {
        for (Stream stream : currentStreams()) {
            stream.ack();
        }
    }

    /**
     * Tells every sender what was delivered here and ends its stream: this system stops, and what it took is not
     * left for the senders to report as of unknown delivery.
     */
    void finishAll() {
        for (Stream stream : currentStreams()) {
            stream.finish();
        }
    }

    private synchronized List<Stream> currentStreams() {
        List<Stream> streams = new ArrayList<>();
        for (Sender known : senders.values()) {
            synchronized (known) {
                if (known.current != null) {
                    streams.add(known.current);
                }
            }
        }
        return streams;
    }

    private final class Stream implements StreamObserver<TransportFrame> {
        private final ServerCallStreamObserver<DeliverAck> call;
        private String peer = "(unknown peer)";
        private volatile Sender sender;
        private long lastAcked = -1;
        private ScheduledFuture<?> ticks;
        private boolean ended;
        /** Whether this end has asked for a frame and not got it yet (it has room: the sender's data is awaited). */
        private volatile boolean waiting;

        Stream(ServerCallStreamObserver<DeliverAck> call) {
            this.call = call;
            call.disableAutoRequest();
            askForNext();
            call.setOnCancelHandler(this::broke);
        }

        /** Asks for the next frame; until it comes, acknowledgements say this end waits for it. */
        private void askForNext() {
            waiting = true;
            call.request(1);
        }

        @Override
        public void onNext(TransportFrame frame) {
            waiting = false;
            if (sender == null) {
                hello(frame);
                return;
            }
            switch (frame.getKindCase()) {
                case BATCH -> {
                    deliver(frame);
                    ackIfMany();
                }
                case CREATE -> {
                    blockingWork.execute(() -> {
                        deliver(frame);
                        readWhenThereIsRoom();
                    });
                    return;
                }
                default -> LOG.log(Level.WARNING, "ignored a " + frame.getKindCase() + " frame from " + peer);
            }
            readWhenThereIsRoom();
        }

        private void hello(TransportFrame frame) {
            if (!frame.hasHello() || frame.getHello().getProtocolVersion() != TransportService.PROTOCOL_VERSION) {
                call.onError(Status.FAILED_PRECONDITION.withDescription("incompatible peer: expected a hello with "
                        + "transport protocol " + TransportService.PROTOCOL_VERSION + ", got "
                        + (frame.hasHello() ? "protocol " + frame.getHello().getProtocolVersion() : frame.getKindCase()))
                        .asRuntimeException());
                return;
            }
            peer = frame.getHello().getSenderSystem();
            String own = ownSystem.get();
            if (!frame.getHello().getReceiverSystem().equals(own)) {
                refuse(DeliverAck.Refusal.NO_SUCH_INCARNATION, frame.getHello().getReceiverSystem() + " is gone: "
                        + "this is " + own);
                return;
            }
            String gone = senderGoneReason.apply(peer);
            if (gone != null) {
                refuse(DeliverAck.Refusal.SENDER_DECLARED_GONE, peer + " was declared gone (" + gone + ")");
                return;
            }
            Sender known;
            synchronized (InboundLinks.this) {
                // Per pair of incarnations: a sender numbers its messages afresh for each incarnation it reaches.
                known = senders.computeIfAbsent(peer + " " + own, pair -> new Sender());
            }
            synchronized (known) {
                known.current = this;
            }
            sender = known;
            ack();
            try {
                ticks = scheduler.scheduleAtFixedRate(this::ack, ackIntervalNanos, ackIntervalNanos,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // The system is shutting down; the stream ends with it.
            }
            askForNext();
        }

        private void refuse(DeliverAck.Refusal refusal, String reason) {
            LOG.log(Level.INFO, "refused a stream from " + peer + ": " + reason);
            synchronized (this) {
                call.onNext(DeliverAck.newBuilder().setRefusal(refusal).setReason(reason).build());
                call.onCompleted();
                ended = true;
            }
        }

        /**
         * Delivers what in {@code frame} is new, unless a newer stream of the sender took over. Under the sender's
         * lock, so that an older stream still draining and its successor never deliver out of order.
         */
        private void deliver(TransportFrame frame) {
            synchronized (sender) {
                if (sender.current != this) {
                    return;
                }
                long sequence = frame.getSequence();
                if (frame.hasCreate()) {
                    if (sequence > sender.delivered) {
                        sender.delivered = sequence;
                        receiver.create(frame.getCreate(), peer);
                    }
                    return;
                }
                for (Envelope envelope : frame.getBatch().getEnvelopesList()) {
                    if (sequence > sender.delivered) {
                        sender.delivered = sequence;
                        receiver.envelope(envelope, peer);
                    }
                    sequence++;
                }
            }
        }

        private void ackIfMany() {
            long delivered;
            synchronized (sender) {
                delivered = sender.delivered;
            }
            if (delivered - lastAcked >= ACK_EVERY) {
                ack();
            }
        }

        /** Tells the sender what was delivered; skipped while the stream back would only queue it. */
        private synchronized void ack() {
            if (call.isReady()) {
                acknowledge();
            }
        }

        private synchronized void finish() {
            if (ended) {
                return;
            }
            acknowledge();
            stop();
            try {
                call.onCompleted();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "stream from " + peer + " already closed: " + e);
            }
        }

        private synchronized void acknowledge() {
            if (ended || sender == null) {
                return;
            }
            long delivered;
            synchronized (sender) {
                if (sender.current != this) {
                    return;
                }
                delivered = sender.delivered;
            }
            try {
                call.onNext(DeliverAck.newBuilder().setDelivered(delivered).setWaiting(waiting).build());
                lastAcked = delivered;
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "could not acknowledge to " + peer + ": " + e);
            }
        }

        /** Reads the next frame once the mailboxes here have room for it. */
        private void readWhenThereIsRoom() {
            if (call.isCancelled()) {
                return;
            }
            if (receiver.hasRoom()) {
                askForNext();
            } else {
                try {
                    scheduler.schedule(this::readWhenThereIsRoom, PAUSED_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // The system is shutting down; the stream ends with it.
                }
            }
        }

        /** The stream ended, but not by its sender's end nor by this system's: the receiver hears of it once. */
        private void broke() {
            boolean first;
            synchronized (this) {
                first = !ended && sender != null;
                stop();
            }
            if (first) {
                receiver.streamBroke(peer);
            }
        }

        private synchronized void stop() {
            ended = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }

        @Override
        public void onError(Throwable error) {
            broke();
            LOG.log(Level.DEBUG, () -> "stream from " + peer + " ended: " + error.getMessage());
        }

        @Override
        public void onCompleted() {
            finish();
        }
    }
}
