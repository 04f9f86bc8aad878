package io.thespis.internal.member;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.PoisonMessage;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.proto.v1.ClientDown;
import io.thespis.proto.v1.ClientUp;
import io.thespis.proto.v1.CreateActorReply;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.DeliverSummary;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.StatusReply;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The transport of one system, as others call it: their streams of envelopes (delivered to local actors in
 * order), creations of actors here (re-checked against this system's current capabilities) and status. Nothing
 * from the network is trusted: a payload is decoded only if its type is allowed, and an envelope for another
 * system is dropped.
 */
final class TransportService extends TransportGrpc.TransportImplBase {
    /** The transport protocol this system speaks. */
    static final int PROTOCOL_VERSION = 2;
    /**
     * Messages waiting in this system's mailboxes above which inbound streams stop reading: senders then hold
     * their messages, in order, until the actors here catch up (up to {@link PeerLink#MAX_QUEUED_BYTES} each;
     * beyond, their sends become dead letters). A remote party cannot fill this system's memory.
     */
    static final long INBOUND_BACKLOG_LIMIT = 100_000;
    private static final long PAUSED_RECHECK_MILLIS = 5;

    private static final System.Logger LOG = System.getLogger(TransportService.class.getName());
    private static final int REFUSALS_REMEMBERED = 10_000;

    private final Supplier<LocalActorSystem> local;
    private final MessageCodec codec;
    private final Supplier<Object> status;
    private final ScheduledExecutorService scheduler;
    private final Executor blockingWork;
    private final ClientSessions clients;
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
    TransportService(Supplier<LocalActorSystem> local, MessageCodec codec, Supplier<Object> status,
                     ScheduledExecutorService scheduler, Executor blockingWork, ClientSessions clients) {
        this.local = local;
        this.codec = codec;
        this.status = status;
        this.scheduler = scheduler;
        this.blockingWork = blockingWork;
        this.clients = clients;
    }

    @Override
    public StreamObserver<ClientUp> attach(StreamObserver<ClientDown> toClient) {
        return clients.attach(toClient);
    }

    @Override
    public StreamObserver<TransportFrame> deliver(StreamObserver<DeliverSummary> summary) {
        ServerCallStreamObserver<DeliverSummary> call = (ServerCallStreamObserver<DeliverSummary>) summary;
        call.disableAutoRequest();
        call.request(1);
        return new StreamObserver<>() {
            private boolean greeted;
            private String peer = "(unknown peer)";
            private long envelopes;

            @Override
            public void onNext(TransportFrame frame) {
                if (!greeted) {
                    if (!frame.hasHello() || frame.getHello().getProtocolVersion() != PROTOCOL_VERSION) {
                        summary.onError(Status.FAILED_PRECONDITION.withDescription("incompatible peer: expected a "
                                + "hello with transport protocol " + PROTOCOL_VERSION + ", got "
                                + (frame.hasHello() ? "protocol " + frame.getHello().getProtocolVersion()
                                : frame.getKindCase())).asRuntimeException());
                        return;
                    }
                    greeted = true;
                    peer = frame.getHello().getSenderSystem();
                    call.request(1);
                    return;
                }
                switch (frame.getKindCase()) {
                    case BATCH -> frame.getBatch().getEnvelopesList().forEach(envelope -> {
                        envelopes++;
                        receive(envelope, peer);
                    });
                    case CREATE -> {
                        blockingWork.execute(() -> {
                            createInStream(frame.getCreate());
                            requestWhenThereIsRoom(call);
                        });
                        return;
                    }
                    default -> LOG.log(Level.WARNING, "ignored a " + frame.getKindCase() + " frame from " + peer);
                }
                requestWhenThereIsRoom(call);
            }

            @Override
            public void onError(Throwable error) {
                LOG.log(Level.DEBUG, () -> "stream from " + peer + " ended: " + error.getMessage());
            }

            @Override
            public void onCompleted() {
                summary.onNext(DeliverSummary.newBuilder().setEnvelopes(envelopes).build());
                summary.onCompleted();
            }
        };
    }

    /** Reads the next frame once the mailboxes here have room for it. */
    private void requestWhenThereIsRoom(ServerCallStreamObserver<DeliverSummary> call) {
        if (call.isCancelled()) {
            return;
        }
        if (local.get().mailboxBacklog() < INBOUND_BACKLOG_LIMIT) {
            call.request(1);
        } else {
            try {
                scheduler.schedule(() -> requestWhenThereIsRoom(call), PAUSED_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The system is shutting down; the stream ends with it.
            }
        }
    }

    private void receive(Envelope envelope, String peer) {
        LocalActorSystem system = local.get();
        ActorAddress target = WireAddresses.fromWire(envelope.getRecipient());
        ActorAddress sender = WireAddresses.fromWire(envelope.getSender());
        if (target == null || sender == null || !target.system().equals(system.systemId())) {
            LOG.log(Level.WARNING, "dropped an envelope from " + peer + " addressed to " + target + ", not to an actor "
                    + "of " + system.systemId());
            return;
        }
        Object message;
        try {
            message = codec.decode(envelope.getPayloadType(), envelope.getPayload().toByteArray(),
                    envelope.getPayloadSource());
        } catch (ActorSystemException e) {
            LOG.log(Level.WARNING, "refused a message from " + sender + " to " + target + ": " + e.getMessage());
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

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
        reply.onNext(StatusReply.newBuilder().setStatusJson(codec.toJson(status.get())).build());
        reply.onCompleted();
    }
}
