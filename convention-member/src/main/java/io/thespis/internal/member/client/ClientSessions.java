package io.thespis.internal.member.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.engine.Recipient;
import io.thespis.internal.leader.NameLimits;
import io.thespis.internal.member.guard.RefusalLog;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.internal.member.wire.WireCapabilities;
import io.thespis.internal.member.wire.WireErrors;
import io.thespis.proto.v1.ClientCreate;
import io.thespis.proto.v1.ClientAskFailed;
import io.thespis.proto.v1.ClientDelivery;
import io.thespis.proto.v1.ClientDown;
import io.thespis.proto.v1.ClientResult;
import io.thespis.proto.v1.ClientSend;
import io.thespis.proto.v1.ClientUp;
import io.thespis.proto.v1.ClientWelcome;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The clients attached to this system ({@code ActorSystem.connect}, the shell). Each session gets an address here
 * for what actors send back, and one per pending ask; deliveries go out through an outbox that only writes while
 * the client reads, bounded by count and bytes: a client that lets more wait is ended, with the reason. Creations and
 * capability changes run on {@code work}, never on a transport thread, since a creation may wait for placement; what
 * a client may ask of them is bounded too (global names, placement timeouts, capabilities). What a client sends
 * that is refused is counted and logged once per session and minute ({@link RefusalLog}).
 */
public final class ClientSessions {
    /** The client protocol this system speaks. */
    public static final int PROTOCOL_VERSION = 3;
    /** Messages kept for a client that is not reading; beyond, its session is ended. */
    public static final int OUTBOX_LIMIT = 65_536;
    /** Bytes kept for a client that is not reading; beyond, its session is ended. */
    public static final long OUTBOX_BYTES_LIMIT = 16L * 1024 * 1024;
    /** The longest a client may ask a creation to wait for placement; a longer wait is refused. */
    public static final Duration MAX_PLACEMENT_TIMEOUT = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(ClientSessions.class.getName());

    private final Supplier<LocalActorSystem> local;
    private final Supplier<ActorSystem> system;
    private final MessageCodec codec;
    private final List<String> messagePackages;
    private final Executor work;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionNumbers = new AtomicLong();
    private final RefusalLog refusals = new RefusalLog(LOG, System::nanoTime);

    public ClientSessions(Supplier<LocalActorSystem> local, Supplier<ActorSystem> system, MessageCodec codec,
                   List<String> messagePackages, Executor work) {
        this.local = local;
        this.system = system;
        this.codec = codec;
        this.messagePackages = messagePackages;
        this.work = work;
    }

    public StreamObserver<ClientUp> attach(StreamObserver<ClientDown> toClient) {
        Session session = new Session((ServerCallStreamObserver<ClientDown>) toClient);
        sessions.add(session);
        return session;
    }

    /** How many of the clients' messages were refused, and sessions ended for not reading, by kind. */
    public Map<String, Long> refusals() {
        return refusals.counts();
    }

    /**
     * Ends every session with {@code reason}: their addresses belong to an incarnation of this system that was
     * declared gone, so replies to them could never arrive. Clients reconnect and get addresses of the new one.
     */
    public void endAll(String reason) {
        for (Session session : sessions) {
            session.end(Status.UNAVAILABLE, reason);
        }
    }

    private final class Session implements StreamObserver<ClientUp> {
        private final ServerCallStreamObserver<ClientDown> out;
        private final ArrayDeque<ClientDown> outbox = new ArrayDeque<>();
        private final Map<Long, ActorAddress> asks = new ConcurrentHashMap<>();
        private final String name = "client session " + sessionNumbers.incrementAndGet();
        private volatile ActorAddress inbox;
        private long outboxBytes;
        private boolean closed;

        Session(ServerCallStreamObserver<ClientDown> out) {
            this.out = out;
            out.setOnReadyHandler(this::drain);
        }

        @Override
        public void onNext(ClientUp up) {
            try {
                receive(up);
            } catch (RuntimeException e) {
                refusals.refused("malformed", name, from -> "refused a malformed " + up.getKindCase() + " from " + from
                        + ": " + RefusalLog.shortened(String.valueOf(e)));
            }
        }

        private void receive(ClientUp up) {
            if (inbox == null && !up.hasHello()) {
                out.onError(Status.FAILED_PRECONDITION.withDescription("a client session starts with a hello")
                        .asRuntimeException());
                return;
            }
            switch (up.getKindCase()) {
                case HELLO -> hello(up.getHello().getProtocolVersion());
                case SEND -> send(up.getSend());
                case CREATE -> run(up.getRequestId(), () -> create(up.getRequestId(), up.getCreate()));
                case CAPABILITY -> run(up.getRequestId(), () -> capability(up));
                case ASK_DONE -> {
                    ActorAddress ask = asks.remove(up.getAskDone().getAskId());
                    if (ask != null) {
                        local.get().closeInbox(ask);
                    }
                }
                default -> refusals.refused("unknown", name, from -> "ignored a " + up.getKindCase() + " from " + from);
            }
        }

        private void run(long requestId, Runnable request) {
            try {
                work.execute(request);
            } catch (RejectedExecutionException busy) {
                enqueue(ClientDown.newBuilder().setResult(ClientResult.newBuilder().setRequestId(requestId)
                        .setErrorInfo(WireErrors.info(WireErrors.Reason.BUSY))
                        .setError("the system is busy with other clients' requests; try again")).build());
            }
        }

        private void hello(int protocolVersion) {
            if (protocolVersion != PROTOCOL_VERSION) {
                out.onError(Status.FAILED_PRECONDITION.withDescription("incompatible client: it speaks protocol "
                        + protocolVersion + ", this system " + PROTOCOL_VERSION).asRuntimeException());
                return;
            }
            inbox = local.get().openInbox((message, sender) -> deliver(0, message, sender));
            enqueue(ClientDown.newBuilder().setWelcome(ClientWelcome.newBuilder().setProtocolVersion(PROTOCOL_VERSION)
                    .setSystemId(local.get().systemId()).addAllMessagePackages(messagePackages)).build());
        }

        private void send(ClientSend send) {
            ActorAddress target = WireAddresses.fromWire(send.getTarget());
            Object message;
            try {
                message = codec.decode(send.getPayloadType(), send.getPayload().toByteArray());
            } catch (ActorSystemException e) {
                refusals.refused("undecodable", name, from -> "refused a message from " + from + " to " + target + ": "
                        + RefusalLog.shortened(String.valueOf(e.getMessage())));
                return;
            }
            ActorAddress sender = inbox;
            if (send.getAskId() != 0) {
                sender = local.get().openAsk(inbox, target, new AskReply(send.getAskId()));
                asks.put(send.getAskId(), sender);
            }
            local.get().deliverFromRemote(target, message, sender);
        }

        /**
         * The address of one ask: its first message is the reply, later ones go to the session's inbox; the client
         * learns at once when the ask's message could not be delivered.
         */
        private final class AskReply implements Recipient {
            private final long askId;
            private final AtomicBoolean answered = new AtomicBoolean();

            AskReply(long askId) {
                this.askId = askId;
            }

            @Override
            public void deliver(Object message, ActorAddress sender) {
                Session.this.deliver(answered.compareAndSet(false, true) ? askId : 0, message, sender);
            }

            @Override
            public void askFailed(ActorAddress target, String reason) {
                if (answered.compareAndSet(false, true)) {
                    enqueue(ClientDown.newBuilder().setAskFailed(ClientAskFailed.newBuilder().setAskId(askId)
                            .setTarget(WireAddresses.toWire(target)).setReason(reason)).build());
                }
            }
        }

        private void create(long requestId, ClientCreate create) {
            ClientResult.Builder result = ClientResult.newBuilder().setRequestId(requestId);
            try {
                CreateOptions options = CreateOptions.none().withPlacementTimeout(placementTimeout(create));
                if (!create.getRequirementsType().isEmpty()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> requirements = (Map<String, Object>) codec.decode(create.getRequirementsType(),
                            create.getRequirements().toByteArray());
                    options = options.withRequirements(requirements);
                }
                if (!create.getGlobalName().isEmpty()) {
                    options = options.withGlobalName(NameLimits.check(create.getGlobalName()));
                }
                if (!create.getSourceHash().isEmpty()) {
                    options = options.withSourceHash(create.getSourceHash());
                }
                result.setAddress(WireAddresses.toWire(system.get().createActor(create.getActorClass(), options)));
            } catch (RuntimeException e) {
                result.setErrorInfo(WireErrors.info(e)).setError(String.valueOf(e.getMessage()));
            }
            enqueue(ClientDown.newBuilder().setResult(result).build());
        }

        private static Duration placementTimeout(ClientCreate create) {
            long asked = create.getPlacementTimeoutMs();
            if (asked < 0 || asked > MAX_PLACEMENT_TIMEOUT.toMillis()) {
                throw new IllegalArgumentException("a client may ask placement to wait at most "
                        + MAX_PLACEMENT_TIMEOUT.toMillis() + " ms (" + MAX_PLACEMENT_TIMEOUT.toMinutes()
                        + " minutes); it asked for " + Long.toUnsignedString(asked) + " ms");
            }
            return Duration.ofMillis(asked);
        }

        private void capability(ClientUp up) {
            ClientResult.Builder result = ClientResult.newBuilder().setRequestId(up.getRequestId());
            try {
                Object value = up.getCapability().hasValue()
                        ? WireCapabilities.fromWire(Map.of("v", up.getCapability().getValue())).get("v") : null;
                system.get().updateCapability(up.getCapability().getName(), value);
            } catch (RuntimeException e) {
                result.setErrorInfo(WireErrors.info(e)).setError(String.valueOf(e.getMessage()));
            }
            enqueue(ClientDown.newBuilder().setResult(result).build());
        }

        private void deliver(long askId, Object message, ActorAddress sender) {
            MessageCodec.Encoded encoded;
            try {
                encoded = codec.encode(message);
            } catch (ActorSystemException e) {
                LOG.log(Level.WARNING, "cannot pass a message from " + sender + " to a client: " + e.getMessage());
                return;
            }
            enqueue(ClientDown.newBuilder().setDelivery(ClientDelivery.newBuilder().setAskId(askId)
                    .setSender(WireAddresses.toWire(sender)).setPayloadType(encoded.type())
                    .setPayload(ByteString.copyFrom(encoded.bytes()))).build());
        }

        private synchronized void enqueue(ClientDown down) {
            if (closed) {
                return;
            }
            if (outbox.size() >= OUTBOX_LIMIT || outboxBytes + down.getSerializedSize() > OUTBOX_BYTES_LIMIT) {
                String reason = "the client did not read: " + outbox.size() + " messages (" + outboxBytes
                        + " bytes) waited for it, the most a session may hold is " + OUTBOX_LIMIT + " messages or "
                        + OUTBOX_BYTES_LIMIT / (1024 * 1024) + " MiB; the session is ended";
                refusals.refused("outbox-full", name, from -> "ended " + from + ": " + reason);
                end(Status.RESOURCE_EXHAUSTED, reason);
                return;
            }
            outbox.add(down);
            outboxBytes += down.getSerializedSize();
            drain();
        }

        private synchronized void drain() {
            while (!closed && out.isReady() && !outbox.isEmpty()) {
                ClientDown down = outbox.poll();
                outboxBytes -= down.getSerializedSize();
                out.onNext(down);
            }
        }

        @Override
        public void onError(Throwable error) {
            close();
        }

        @Override
        public void onCompleted() {
            close();
            try {
                out.onCompleted();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "client stream already closed: " + e);
            }
        }

        private synchronized void end(Status status, String reason) {
            close();
            try {
                out.onError(status.withDescription(reason).asRuntimeException());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "client stream already closed: " + e);
            }
        }

        private synchronized void close() {
            sessions.remove(this);
            closed = true;
            outbox.clear();
            outboxBytes = 0;
            if (inbox != null) {
                local.get().closeInbox(inbox);
            }
            asks.values().forEach(local.get()::closeInbox);
            asks.clear();
        }
    }
}
