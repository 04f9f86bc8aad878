package io.thespis.internal.member.transport;

import io.grpc.ManagedChannel;
import io.thespis.actor.ActorAddress;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.Recipient;
import io.thespis.internal.membership.SystemIdentity;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.Envelope;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The links from this system to the others, opened on first use, by system identity, kept across lost connections
 * (a {@link PeerLink} reconnects by itself) until the peer is gone. Routing asks the directory first, without a
 * lock ({@code goneReason}): an actor of a system that is gone (or replaced by a newer incarnation) gets dead
 * letters, not a link.
 */
public final class PeerLinks {
    private final String ownSystem;
    private final MessageCodec codec;
    private final Function<String, String> goneReason;
    private final ScheduledExecutorService scheduler;
    private final Executor writers;
    private final PeerLink.Listener listener;
    private final GrpcEndpoints endpoints;
    private final LongSupplier nanoTime;
    private final Duration silence;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final ScheduledFuture<?> ticks;
    /** Why these links ended (this incarnation retired, or the system stops); {@code null} while they serve. */
    private volatile String endReason;

    /**
     * Links from {@code ownSystem}; each checks its peer every {@code heartbeatInterval} and loses a link not
     * acknowledged for {@code silence}.
     */
    public PeerLinks(String ownSystem, MessageCodec codec, Function<String, String> goneReason,
                     ScheduledExecutorService scheduler, Executor writers, GrpcEndpoints endpoints, PeerLink.Listener listener,
                     LongSupplier nanoTime, Duration heartbeatInterval,
                     Duration silence) {
        this.ownSystem = ownSystem;
        this.codec = codec;
        this.goneReason = goneReason;
        this.scheduler = scheduler;
        this.writers = writers;
        this.listener = listener;
        this.endpoints = endpoints;
        this.nanoTime = nanoTime;
        this.silence = silence;
        // Checked four times per interval, so a lost link is noticed within a quarter interval of the silence.
        long interval = heartbeatInterval.toNanos() / 4;
        this.ticks = scheduler.scheduleAtFixedRate(() -> links.values().forEach(PeerLink::tick), interval, interval,
                TimeUnit.NANOSECONDS);
    }

    /**
     * Where messages for {@code target} go: a recipient that encodes them (refusing, at the sender, a type that
     * may not cross hosts) and queues them on the link to its system; {@code null} when that system is gone.
     */
    public Recipient route(ActorAddress target) {
        if (endReason != null || goneReason.apply(target.system()) != null) {
            return null;
        }
        return (message, sender) -> {
            MessageCodec.Encoded encoded = codec.encode(message);
            Envelope.Builder envelope = Envelope.newBuilder().setRecipient(WireAddresses.toWire(target))
                    .setSender(WireAddresses.toWire(sender)).setPayloadType(encoded.type())
                    .setPayload(com.google.protobuf.ByteString.copyFrom(encoded.bytes()));
            if (encoded.source() != null) {
                envelope.setPayloadSource(encoded.source());
            }
            link(target.system()).send(new PeerLink.Outbound(envelope.build(), target, message, sender, null,
                    nanoTime.getAsLong()));
            sent.increment();
        };
    }

    /**
     * Tells the system of {@code ask} that its message to {@code target}, here, could not be delivered, for
     * {@code reason}; dropped when that system is gone.
     */
    public void askUndeliverable(ActorAddress ask, ActorAddress target, String reason) {
        if (endReason != null || goneReason.apply(ask.system()) != null) {
            return;
        }
        Envelope notice = Envelope.newBuilder().setRecipient(WireAddresses.toWire(ask))
                .setSender(WireAddresses.toWire(target)).setUndeliverableReason(reason).build();
        link(ask.system()).send(new PeerLink.Outbound(notice, ask, null, target, null, nanoTime.getAsLong()));
    }

    /** Queues a creation on the link to {@code targetSystem}, ahead of any message sent to the new actor. */
    public void sendCreate(String targetSystem, CreateActorRequest create) {
        link(targetSystem).send(new PeerLink.Outbound(null, null, null, null, create, nanoTime.getAsLong()));
    }

    /** Messages handed to links so far. */
    public long sent() {
        return sent.sum();
    }

    /** Bytes the links hold for their peers now. */
    public long queuedBytes() {
        long bytes = 0;
        for (PeerLink link : links.values()) {
            bytes += link.queuedBytes();
        }
        return bytes;
    }

    /** The channel to {@code targetSystem}, for unary calls. */
    public ManagedChannel channel(String targetSystem) {
        return link(targetSystem).channel();
    }

    /**
     * The link to {@code targetSystem}, opened if need be. A link opened while (or after) these links ended is
     * ended at once, so what is sent on it becomes a dead letter: ending sets its reason before it ends the links it
     * finds, and this reads the reason after it adds the link, so one of the two ends it.
     */
    private PeerLink link(String targetSystem) {
        PeerLink link = links.get(targetSystem);
        if (link == null) {
            link = links.computeIfAbsent(targetSystem, this::open);
        }
        String ended = endReason;
        if (ended != null) {
            link.gone(ended, Duration.ZERO);
        }
        return link;
    }

    private PeerLink open(String targetSystem) {
        SystemIdentity identity = SystemIdentity.parse(targetSystem);
        if (identity == null) {
            throw new IllegalArgumentException("not a system identity: " + targetSystem);
        }
        return new PeerLink(targetSystem, ownSystem, () -> endpoints.channel(identity.address()),
                scheduler, writers, listener, nanoTime, silence, PeerLink.MAX_QUEUED_BYTES,
                PeerLink.MAX_WAIT);
    }

    /**
     * This system's incarnation was declared gone, for {@code reason}: every link is dropped, and what they hold,
     * written or not (its delivery is unknown: the peers refuse this incarnation now), becomes dead letters.
     */
    public void retire(String reason) {
        endReason = reason;
        ticks.cancel(false);
        for (PeerLink link : links.values()) {
            link.gone(reason, Duration.ZERO);
        }
        links.clear();
    }

    /**
     * How long a link to a system that is gone still takes its acknowledgements: a member that leaves acknowledges
     * what it took before its streams end.
     */
    static final Duration GONE_GRACE = Duration.ofSeconds(1);

    /**
     * The system is gone, for {@code reason}: what its link holds becomes dead letters, except what it acknowledges
     * within {@link #GONE_GRACE}.
     */
    public void forget(String targetSystem, String reason) {
        PeerLink link = links.remove(targetSystem);
        if (link != null) {
            link.gone("the member " + targetSystem + " is gone: " + reason, GONE_GRACE);
        }
    }

    /** How long stopping waits for peers to acknowledge what was written to them. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    /**
     * Sends what every link holds and closes them all, waiting up to {@link #CLOSE_GRACE} in all for peers to
     * acknowledge what was written; the rest becomes dead letters.
     */
    public void close() {
        endReason = "this system is shutting down";
        ticks.cancel(false);
        long deadline = nanoTime.getAsLong() + CLOSE_GRACE.toNanos();
        for (PeerLink link : links.values()) {
            link.close(deadline);
        }
        for (PeerLink link : links.values()) {
            try {
                link.channel().awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        links.clear();
    }
}
