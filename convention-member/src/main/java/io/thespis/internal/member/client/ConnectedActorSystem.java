package io.thespis.internal.member.client;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.SystemStatus;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.member.sources.SourceClient;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.internal.member.wire.WireCapabilities;
import io.thespis.internal.member.wire.WireErrors;
import io.thespis.internal.member.wire.WireStatus;
import io.thespis.proto.v1.ClientAskDone;
import io.thespis.proto.v1.ClientCapability;
import io.thespis.proto.v1.ClientCreate;
import io.thespis.proto.v1.ClientDelivery;
import io.thespis.proto.v1.ClientDown;
import io.thespis.proto.v1.ClientHello;
import io.thespis.proto.v1.ClientResult;
import io.thespis.proto.v1.ClientSend;
import io.thespis.proto.v1.ClientUp;
import io.thespis.proto.v1.ClientWelcome;
import io.thespis.proto.v1.StatusReply;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.TransportGrpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A client of a running system ({@link ActorSystem#connect}): one stream to it, over which this client has an
 * address there. It hosts no actors and is not a member. {@link #shutdown()} disconnects; it does not stop the
 * system (that is the operator's, with {@code systemctl stop thespis-member}).
 */
public final class ConnectedActorSystem implements ActorSystem {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_DEADLINE = Duration.ofSeconds(10);
    private static final int INBOX_LIMIT = 65_536;

    private final String hostPort;
    private final GrpcEndpoints endpoints;
    private final ManagedChannel channel;
    private final CompletableFuture<ClientWelcome> welcome = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<ClientResult>> requests = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Object>> asks = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(INBOX_LIMIT);
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClientCallStreamObserver<ClientUp> stream;
    private volatile MessageCodec codec;
    private volatile String lostReason;

    private ConnectedActorSystem(String hostPort, GrpcEndpoints endpoints) {
        this.hostPort = hostPort;
        this.endpoints = endpoints;
        this.channel = endpoints.channel(hostPort);
        ClientCallStreamObserver<ClientUp>[] holder = new ClientCallStreamObserver[1];
        TransportGrpc.newStub(channel).attach(new ClientResponseObserver<ClientUp, ClientDown>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ClientUp> requestStream) {
                holder[0] = requestStream;
            }

            @Override
            public void onNext(ClientDown down) {
                received(down);
            }

            @Override
            public void onError(Throwable error) {
                lost(error.getMessage());
            }

            @Override
            public void onCompleted() {
                lost("the system ended the session");
            }
        });
        this.stream = holder[0];
        send(ClientUp.newBuilder().setHello(ClientHello.newBuilder().setProtocolVersion(ClientSessions.PROTOCOL_VERSION))
                .build());
    }

    /**
     * Connects to the system at {@code hostPort} through {@code endpoints} (with TLS, as an operator or an observer).
     *
     * @throws ActorSystemException naming the address and the reason when it cannot be reached
     */
    public static ConnectedActorSystem connect(String hostPort, GrpcEndpoints endpoints) {
        ConnectedActorSystem client = new ConnectedActorSystem(hostPort, endpoints);
        try {
            ClientWelcome hello = client.welcome.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            client.codec = new MessageCodec(hello.getMessagePackagesList(), Thread.currentThread().getContextClassLoader()
                    != null ? Thread.currentThread().getContextClassLoader() : ConnectedActorSystem.class.getClassLoader());
            return client;
        } catch (ExecutionException | TimeoutException e) {
            client.shutdown();
            throw new ActorSystemException("cannot connect to a Thespis system at " + hostPort + ": "
                    + (e instanceof TimeoutException ? "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s"
                    : e.getCause().getMessage()) + " (is `thespis member` running there?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdown();
            throw new ActorSystemException("interrupted while connecting to " + hostPort);
        }
    }

    private void received(ClientDown down) {
        switch (down.getKindCase()) {
            case WELCOME -> welcome.complete(down.getWelcome());
            case RESULT -> {
                CompletableFuture<ClientResult> request = requests.remove(down.getResult().getRequestId());
                if (request != null) {
                    request.complete(down.getResult());
                }
            }
            case DELIVERY -> delivered(down.getDelivery());
            case ASK_FAILED -> {
                CompletableFuture<Object> ask = asks.remove(down.getAskFailed().getAskId());
                if (ask != null) {
                    ask.completeExceptionally(new ActorGoneException(
                            WireAddresses.fromWire(down.getAskFailed().getTarget()), down.getAskFailed().getReason()));
                }
            }
            default -> {
            }
        }
    }

    private void delivered(ClientDelivery delivery) {
        Object message;
        try {
            message = codec.decode(delivery.getPayloadType(), delivery.getPayload().toByteArray());
        } catch (ActorSystemException e) {
            message = "(undecodable " + delivery.getPayloadType() + ": " + e.getMessage() + ")";
        }
        CompletableFuture<Object> ask = delivery.getAskId() == 0 ? null : asks.remove(delivery.getAskId());
        if (ask == null || !ask.complete(message)) {
            inbox.offer(message);
        }
    }

    private void lost(String reason) {
        lostReason = reason;
        welcome.completeExceptionally(new ActorSystemException(reason));
        requests.values().forEach(request -> request.completeExceptionally(new ActorSystemException(
                "lost the connection to " + hostPort + ": " + reason)));
        asks.values().forEach(ask -> ask.complete(null));
    }

    private void checkConnected() {
        if (closed.get()) {
            throw new ActorSystemException("this client of " + hostPort + " is disconnected");
        }
        if (lostReason != null) {
            throw new ActorSystemException("lost the connection to " + hostPort + ": " + lostReason);
        }
    }

    private synchronized void send(ClientUp up) {
        stream.onNext(up);
    }

    private ClientResult request(ClientUp.Builder up, Duration timeout) {
        checkConnected();
        long id = lastId.incrementAndGet();
        CompletableFuture<ClientResult> result = new CompletableFuture<>();
        requests.put(id, result);
        send(up.setRequestId(id).build());
        try {
            ClientResult answer = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.hasErrorInfo()) {
                throw WireErrors.exception(answer.getErrorInfo(), answer.getError());
            }
            return answer;
        } catch (TimeoutException e) {
            requests.remove(id);
            throw new ActorSystemException(hostPort + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw (ActorSystemException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorSystemException("interrupted while waiting for " + hostPort);
        }
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass) {
        return createActor(actorClass.getName(), CreateOptions.none());
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options) {
        return createActor(actorClass.getName(), options);
    }

    @Override
    public ActorAddress createActor(String className, CreateOptions options) {
        CreateOptions given = options == null ? CreateOptions.none() : options;
        ClientCreate.Builder create = ClientCreate.newBuilder().setActorClass(className)
                .setPlacementTimeoutMs(given.placementTimeout().toMillis());
        if (!given.requirements().isEmpty()) {
            MessageCodec.Encoded requirements = codec.encode(new LinkedHashMap<>(given.requirements()));
            create.setRequirementsType(requirements.type()).setRequirements(ByteString.copyFrom(requirements.bytes()));
        }
        if (given.globalName() != null) {
            create.setGlobalName(given.globalName());
        }
        if (given.sourceHash() != null) {
            create.setSourceHash(given.sourceHash());
        }
        ClientResult result = request(ClientUp.newBuilder().setCreate(create),
                REQUEST_TIMEOUT.plus(given.placementTimeout()));
        return WireAddresses.fromWire(result.getAddress());
    }

    private ClientSend.Builder message(ActorAddress target, Object message) {
        if (target == null || message == null) {
            throw new IllegalArgumentException("target and message must not be null, got " + target + " and " + message);
        }
        MessageCodec.Encoded encoded = codec.encode(message);
        return ClientSend.newBuilder().setTarget(WireAddresses.toWire(target)).setPayloadType(encoded.type())
                .setPayload(ByteString.copyFrom(encoded.bytes()));
    }

    @Override
    public Object ask(ActorAddress target, Object message, Duration timeout) {
        try {
            return askAsync(target, message, timeout).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new ActorSystemException(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public CompletableFuture<Object> askAsync(ActorAddress target, Object message, Duration timeout) {
        checkConnected();
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more, got " + timeout);
        }
        ClientSend.Builder send = message(target, message);
        long askId = lastId.incrementAndGet();
        CompletableFuture<Object> reply = new CompletableFuture<>();
        asks.put(askId, reply);
        send(ClientUp.newBuilder().setSend(send.setAskId(askId)).build());
        return reply.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((answer, error) -> {
            if (asks.remove(askId) != null && !closed.get() && lostReason == null) {
                send(ClientUp.newBuilder().setAskDone(ClientAskDone.newBuilder().setAskId(askId)).build());
            }
        });
    }

    @Override
    public void tell(ActorAddress target, Object message) {
        checkConnected();
        send(ClientUp.newBuilder().setSend(message(target, message)).build());
    }

    @Override
    public Object listen(Duration timeout) {
        try {
            return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Loads {@code jar} into the Convention of the connected system, through its leader. */
    @Override
    public String loadActorSource(Path jar) {
        byte[] bytes = LocalActorSystem.readSource(jar, SourceSettings.MAX_SOURCE_BYTES_LIMIT);
        return atLeader(client -> client.load(bytes).getHash());
    }

    /** Unloads {@code sourceHash} from the Convention of the connected system, through its leader. */
    @Override
    public void unloadActorSource(String sourceHash) {
        atLeader(client -> {
            client.unload(sourceHash);
            return null;
        });
    }

    private <T> T atLeader(Function<SourceClient, T> call) {
        String leader = status().conventionLeader();
        if (leader == null || leader.equals(hostPort)) {
            return call.apply(new SourceClient(channel, hostPort));
        }
        ManagedChannel toLeader = endpoints.channel(leader);
        try {
            return call.apply(new SourceClient(toLeader, leader));
        } finally {
            toLeader.shutdownNow();
        }
    }

    @Override
    public void updateCapability(String name, Object valueOrNullToRemove) {
        ClientCapability.Builder change = ClientCapability.newBuilder().setName(name);
        if (valueOrNullToRemove != null) {
            change.setValue(WireCapabilities.toWire(Map.of(name, valueOrNullToRemove)).get(name));
        }
        request(ClientUp.newBuilder().setCapability(change), REQUEST_TIMEOUT);
    }

    @Override
    public SystemStatus status() {
        checkConnected();
        return systemIn(statusCall(channel, hostPort, StatusRequest.getDefaultInstance()), hostPort);
    }

    /** {@inheritDoc} The system this client is connected to asks the actor's member when it is another. */
    @Override
    public ActorStatus actorStatus(ActorAddress actor) {
        checkConnected();
        return actorStatus(channel, hostPort, actor);
    }

    /**
     * The status of the system at {@code hostPort}, read without attaching as a client: what an observer, who may
     * only look, can do.
     *
     * @throws ActorSystemException naming the address and the reason when it cannot be read
     */
    public static SystemStatus readStatus(String hostPort, GrpcEndpoints endpoints) {
        ManagedChannel channel = endpoints.channel(hostPort);
        try {
            return systemIn(statusCall(channel, hostPort, StatusRequest.getDefaultInstance()), hostPort);
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * The status of {@code actor}, asked of the system at {@code hostPort} (which asks the actor's member when it
     * is another), without attaching as a client.
     *
     * @throws ActorGoneException   when no actor lives at that address
     * @throws ActorSystemException naming the address and the reason when it cannot be read
     */
    public static ActorStatus readActorStatus(String hostPort, GrpcEndpoints endpoints, ActorAddress actor) {
        ManagedChannel channel = endpoints.channel(hostPort);
        try {
            return actorStatus(channel, hostPort, actor);
        } finally {
            channel.shutdownNow();
        }
    }

    private static ActorStatus actorStatus(ManagedChannel channel, String hostPort, ActorAddress actor) {
        if (actor == null) {
            throw new IllegalArgumentException("actorStatus needs an actor address, got null");
        }
        StatusReply reply = statusCall(channel, hostPort,
                StatusRequest.newBuilder().setActor(WireAddresses.toWire(actor)).build());
        if (!reply.hasActor()) {
            throw new ActorSystemException(hostPort + " answered a request for the status of " + actor
                    + " with " + reply.getKindCase());
        }
        return WireStatus.fromWire(reply.getActor());
    }

    /** The answer of the system at the other end of {@code channel}; a failure it reports is rethrown as itself. */
    private static StatusReply statusCall(ManagedChannel channel, String hostPort, StatusRequest request) {
        StatusReply reply;
        try {
            reply = TransportGrpc.newBlockingStub(channel).withDeadlineAfter(STATUS_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS).status(request);
        } catch (StatusRuntimeException e) {
            RuntimeException reported = WireErrors.carried(e);
            if (reported != null) {
                throw reported;
            }
            throw new ActorSystemException("cannot get the status of " + hostPort + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")")
                    + "; is `thespis member` running there?", e);
        }
        return reply;
    }

    /** The system status in {@code reply}. */
    private static SystemStatus systemIn(StatusReply reply, String hostPort) {
        if (!reply.hasSystem()) {
            throw new ActorSystemException(hostPort + " answered a request for its status with "
                    + reply.getKindCase());
        }
        return WireStatus.fromWire(reply.getSystem());
    }

    /** Disconnects from the system; the system and its actors go on. */
    @Override
    public void shutdown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stream.onCompleted();
        } catch (RuntimeException e) {
            // Already gone.
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "ActorSystem[client of " + hostPort + "]";
    }
}
