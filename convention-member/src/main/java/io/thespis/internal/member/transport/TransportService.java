package io.thespis.internal.member.transport;

import com.google.rpc.Code;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.SystemStatus;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.member.client.ClientSessions;
import io.thespis.internal.member.guard.RefusalLog;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.internal.member.wire.WireErrors;
import io.thespis.internal.member.wire.WireStatus;
import io.thespis.proto.v1.ClientDown;
import io.thespis.proto.v1.ClientUp;
import io.thespis.proto.v1.CreateActorReply;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.StatusReply;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transport of one system, as others call it: their streams of envelopes (delivered to local actors in
 * order), creations of actors here (re-checked against this system's current capabilities) and status. Nothing
 * from the network is trusted: a payload is decoded only if its type is allowed; an envelope is refused when it is
 * for another system, when its sender is not an actor of the system that sent the stream (a forged sender would
 * make this system dial wherever it names), when its sender is its recipient (two such envelopes would bounce
 * between them forever) and when it is malformed. Refusals are counted and logged once per peer and minute
 * ({@link RefusalLog}).
 */
public final class TransportService extends TransportGrpc.TransportImplBase {
    /** The transport protocol this system speaks. */
    public static final int PROTOCOL_VERSION = 4;
    /**
     * Messages waiting in this system's mailboxes above which inbound streams stop reading: senders then hold
     * their messages, in order, until the actors here catch up (up to {@link PeerLink#MAX_QUEUED_BYTES} each;
     * beyond, their sends become dead letters). A remote party cannot fill this system's memory.
     */
    public static final long INBOUND_BACKLOG_LIMIT = 100_000;

    private static final System.Logger LOG = System.getLogger(TransportService.class.getName());
    private static final int REFUSALS_REMEMBERED = 10_000;

    private final Supplier<LocalActorSystem> local;
    private final MessageCodec codec;
    private final StatusSource status;
    private final ClientSessions clients;
    private final InboundLinks inbound;
    private final Consumer<String> senderStreamBroke;
    private final RefusalLog refusals = new RefusalLog(LOG, System::nanoTime);
    /** Ids whose in-stream creation was refused, and why: messages that follow get PoisonMessages back. */
    private final Map<Long, String> refusedIds = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REFUSALS_REMEMBERED;
        }
    });

    /**
     * A transport delivering to {@code local}. Envelope streams are read on gRPC's network threads (delivery never
     * blocks); an in-stream creation, which may wait (to fetch a source), runs on {@code blockingWork}, and the
     * stream reads on only after it.
     */
    public TransportService(Supplier<LocalActorSystem> local, MessageCodec codec, StatusSource status,
                     Function<String, String> senderGoneReason, ScheduledExecutorService scheduler,
                     Executor blockingWork, Duration ackInterval, ClientSessions clients,
                     Consumer<String> senderStreamBroke) {
        this.local = local;
        this.senderStreamBroke = senderStreamBroke;
        this.codec = codec;
        this.status = status;
        this.clients = clients;
        this.inbound = new InboundLinks(new Delivery(), () -> local.get().systemId(), senderGoneReason, scheduler,
                blockingWork, ackInterval);
    }

    @Override
    public StreamObserver<ClientUp> attach(StreamObserver<ClientDown> toClient) {
        return clients.attach(toClient);
    }

    @Override
    public StreamObserver<TransportFrame> deliver(StreamObserver<DeliverAck> acks) {
        return inbound.open(acks);
    }

    /** Tells every sender at once what was delivered here so far: this system is stopping. */
    public void acknowledgeAll() {
        inbound.acknowledgeAll();
    }

    /** Tells every sender what was delivered here and ends the streams: this system's actors have stopped. */
    public void finishInbound() {
        inbound.finishAll();
    }

    /** How many envelopes were refused, by kind. */
    public Map<String, Long> refusals() {
        return refusals.counts();
    }

    /** The sender incarnation {@code systemId} is gone. */
    public void senderGone(String systemId) {
        inbound.forget(systemId);
    }

    /** Delivers what the inbound links receive to the local actors. */
    private final class Delivery implements InboundLinks.Receiver {
        @Override
        public void envelope(Envelope envelope, String peer) {
            receive(envelope, peer);
        }

        @Override
        public void create(CreateActorRequest create, String peer) {
            createInStream(create);
        }

        @Override
        public boolean hasRoom() {
            return local.get().mailboxBacklog() < INBOUND_BACKLOG_LIMIT;
        }

        @Override
        public void streamBroke(String peer) {
            senderStreamBroke.accept(peer);
        }
    }

    private void receive(Envelope envelope, String peer) {
        try {
            deliver(envelope, peer);
        } catch (RuntimeException e) {
            refusals.refused("malformed", peer, from -> "refused a malformed envelope from " + from + ": "
                    + RefusalLog.shortened(String.valueOf(e)));
        }
    }

    private void deliver(Envelope envelope, String peer) {
        LocalActorSystem system = local.get();
        ActorAddress target = WireAddresses.fromWire(envelope.getRecipient());
        ActorAddress sender = WireAddresses.fromWire(envelope.getSender());
        if (target == null || sender == null || !target.system().equals(system.systemId())) {
            refusals.refused("misaddressed", peer, from -> "refused an envelope from " + from + " not addressed to "
                    + "an actor of " + system.systemId());
            return;
        }
        if (!sender.system().equals(peer)) {
            refusals.refused("forged-sender", peer, from -> "refused an envelope from " + from + " whose sender is "
                    + "an actor of " + RefusalLog.shortened(sender.system()) + ": a sender must be an actor of the "
                    + "system that sends");
            return;
        }
        if (sender.equals(target)) {
            refusals.refused("self-addressed", peer, from -> "refused an envelope from " + from + " whose sender is "
                    + "its recipient " + target);
            return;
        }
        if (!envelope.getUndeliverableReason().isEmpty()) {
            system.askUndeliverable(target, sender, envelope.getUndeliverableReason());
            return;
        }
        Object message;
        try {
            message = codec.decode(envelope.getPayloadType(), envelope.getPayload().toByteArray(),
                    envelope.getPayloadSource());
        } catch (ActorSystemException e) {
            refusals.refused("undecodable", peer, from -> "refused a message from " + from + " to " + target + ": "
                    + RefusalLog.shortened(String.valueOf(e.getMessage())));
            // Back to the sender as a PoisonMessage: its ask returns at once, an actor learns of it.
            system.deliverFromRemote(sender, new PoisonMessage("(undecodable " + envelope.getPayloadType() + ")",
                    "refused by " + system.systemId() + ": " + e.getMessage()), target);
            return;
        }
        String refusal = refusedIds.get(target.actorId());
        if (refusal != null) {
            system.deliverFromRemote(sender, new PoisonMessage(message, "the actor " + target
                    + " was never created: " + refusal), target);
            return;
        }
        system.deliverFromRemote(target, message, sender);
    }

    /** A creation from an actor elsewhere: refusals reach the parent as ChildActorExited. */
    private void createInStream(CreateActorRequest request) {
        LocalActorSystem system = local.get();
        ActorAddress parent = WireAddresses.fromWire(request.getParent());
        ActorAddress wouldBe = ActorAddress.of(system.systemId(), request.getProposedId());
        try {
            create(request, parent);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "refused to create " + request.getActorClass() + " for " + parent + ": " + e.getMessage());
            refusedIds.put(request.getProposedId(), e.getMessage());
            if (parent != null) {
                system.deliverFromRemote(parent, new ChildActorExited(wouldBe), wouldBe);
            }
        }
    }

    @Override
    public void createActor(CreateActorRequest request, StreamObserver<CreateActorReply> reply) {
        CreateActorReply.Builder answer = CreateActorReply.newBuilder();
        try {
            answer.setAddress(WireAddresses.toWire(create(request, WireAddresses.fromWire(request.getParent()))));
        } catch (RuntimeException e) {
            answer.setRefusal(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    private ActorAddress create(CreateActorRequest request, ActorAddress parent) {
        CreateOptions options = CreateOptions.none().withRequirements(requirements(request));
        if (!request.getGlobalName().isEmpty()) {
            options = options.withGlobalName(request.getGlobalName());
        }
        if (!request.getSourceHash().isEmpty()) {
            options = options.withSourceHash(request.getSourceHash());
        }
        return local.get().createForRemote(request.getActorClass(), options, parent, request.getProposedId());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> requirements(CreateActorRequest request) {
        if (request.getRequirementsType().isEmpty()) {
            return Map.of();
        }
        Object decoded = codec.decode(request.getRequirementsType(), request.getRequirements().toByteArray());
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new ActorSystemException("creation requirements must be a map, got " + decoded.getClass().getName());
        }
        return (Map<String, Object>) map;
    }

    /** What the Status call reports. */
    public interface StatusSource {
        /** The system's status. */
        SystemStatus status();

        /**
         * The status of {@code actor}, here or asked of its member, without blocking the caller; it completes
         * exceptionally with {@link ActorGoneException} when no actor lives there.
         */
        CompletableFuture<ActorStatus> actorStatus(ActorAddress actor);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
        ActorAddress actor = request.hasActor() ? WireAddresses.fromWire(request.getActor()) : null;
        if (actor == null) {
            reply.onNext(StatusReply.newBuilder().setSystem(WireStatus.toWire(status.status())).build());
            reply.onCompleted();
            return;
        }
        status.actorStatus(actor).whenComplete((found, failure) -> {
            if (failure == null) {
                reply.onNext(StatusReply.newBuilder().setActor(WireStatus.toWire(found)).build());
                reply.onCompleted();
            } else {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                RuntimeException error = cause instanceof RuntimeException runtime ? runtime
                        : new ActorSystemException(String.valueOf(cause));
                reply.onError(WireErrors.status(error instanceof ActorGoneException ? Code.NOT_FOUND
                        : Code.UNAVAILABLE, error));
            }
        });
    }
}
