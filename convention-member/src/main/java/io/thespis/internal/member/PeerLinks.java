package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.thespis.actor.ActorAddress;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.Recipient;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.Envelope;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The links from this system to the others, opened on first use, by system identity. Routing asks the directory
 * first: an actor of a system that is gone (or replaced by a newer incarnation) gets dead letters, not a link.
 */
final class PeerLinks {
    private final String ownSystem;
    private final MessageCodec codec;
    private final MemberDirectory directory;
    private final Executor executor;
    private final PeerLink.Undeliverable undeliverable;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PeerLinks(String ownSystem, MessageCodec codec, MemberDirectory directory, Executor executor,
              PeerLink.Undeliverable undeliverable) {
        this.ownSystem = ownSystem;
        this.codec = codec;
        this.directory = directory;
        this.executor = executor;
        this.undeliverable = undeliverable;
    }

    /**
     * Where messages for {@code target} go: a recipient that encodes them (refusing, at the sender, a type that
     * may not cross hosts) and queues them on the link to its system; {@code null} when that system is gone.
     */
    Recipient route(ActorAddress target) {
        if (closed || directory.goneReason(target.system()) != null) {
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
            link(target.system()).send(new PeerLink.Outbound(envelope.build(), target, message, sender, null));
        };
    }

    /** Queues a creation on the link to {@code targetSystem}, ahead of any message sent to the new actor. */
    void sendCreate(String targetSystem, CreateActorRequest create) {
        link(targetSystem).send(new PeerLink.Outbound(null, null, null, null, create));
    }

    /** The channel to {@code targetSystem}, for unary calls. */
    ManagedChannel channel(String targetSystem) {
        return link(targetSystem).channel();
    }

    private PeerLink link(String targetSystem) {
        PeerLink link = links.get(targetSystem);
        if (link != null && !link.isBroken()) {
            return link;
        }
        return links.compute(targetSystem, (system, current) -> current != null && !current.isBroken()
                ? current : open(system));
    }

    private PeerLink open(String targetSystem) {
        SystemIdentity identity = SystemIdentity.parse(targetSystem);
        if (identity == null) {
            throw new IllegalArgumentException("not a system identity: " + targetSystem);
        }
        ManagedChannel channel = GrpcEndpoints.channel(identity.address());
        return new PeerLink(targetSystem, ownSystem, channel, executor, undeliverable, () -> {
            links.remove(targetSystem);
            channel.shutdown();
        });
    }

    /** Closes the link to a system that is gone; what it still holds becomes dead letters. */
    void forget(String targetSystem) {
        PeerLink link = links.remove(targetSystem);
        if (link != null) {
            link.close();
            link.channel().shutdown();
        }
    }

    /** Sends what every link holds and closes them all. */
    void close() {
        closed = true;
        for (PeerLink link : links.values()) {
            link.close();
            link.channel().shutdown();
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
