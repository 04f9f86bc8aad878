package io.thespis.internal.leader;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.Timing;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.DirectoryDelta;
import io.grpc.Status;
import io.thespis.internal.membership.MemberView;
import io.thespis.internal.membership.SystemIdentity;
import io.thespis.proto.v1.DirectorySnapshot;
import io.thespis.proto.v1.LeaderHeartbeat;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.NameBinding;
import io.thespis.proto.v1.NameReply;
import io.thespis.proto.v1.NameRequest;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Register;
import io.thespis.proto.v1.Removal;
import io.thespis.proto.v1.SourceUnloaded;
import io.thespis.proto.v1.Welcome;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The leader role: members join over one stream each; the leader keeps the {@link Membership}, sends each new
 * member the whole directory and every member the changes after it, and declares members gone when their stream
 * ends (process death: at once) or when they fall silent (partition: after the member timeout), but not while
 * it has lost most of them at once (its own isolation). It sends a heartbeat down every stream each interval,
 * so members notice its loss as it notices theirs.
 *
 * <p>Changes are coalesced: joins, capability changes and departures within {@link #FLUSH_WINDOW} go out as one
 * delta, so that thousands of members joining at once cost each member a few deltas, not one per joiner. Load
 * figures from heartbeats go out once per heartbeat interval.
 *
 * <p>The leader never queues without bound for members that do not read. A delta that finds a member's stream not
 * ready is dropped and the member marked behind; once its stream is ready again it gets the current directory in one
 * snapshot. Snapshots (also the first one, on joining) go out through a budget: at most
 * {@link #MAX_CONGESTED_MEMBERS} members may have unsent bytes waiting in the leader at once, the others wait their
 * turn. The leader's buffers thus hold a few snapshots, however many members join at once.
 */
public final class ConventionLeader extends ConventionGrpc.ConventionImplBase implements AutoCloseable {
    /** The Convention protocol this leader speaks. */
    public static final int PROTOCOL_VERSION = 4;

    /** How long membership changes wait to be sent together. */
    static final Duration FLUSH_WINDOW = Duration.ofMillis(10);
    /**
     * How often per heartbeat interval the leader looks for silent members (so a member is declared gone within a
     * quarter interval of the timeout); heartbeats and load changes go out once per interval.
     */
    static final int CHECKS_PER_INTERVAL = 4;
    /** How many members may have unsent bytes waiting in the leader at once. */
    static final int MAX_CONGESTED_MEMBERS = 32;

    /** How many global names a registration may bind again; more are not read. */
    public static final int MAX_REPORTED_NAMES = 10_000;

    /** How many removals a registration may report; more are not read. */
    public static final int MAX_REPORTED_REMOVALS = 1024;

    /** How many held sources a member's report may list; more are not kept. */
    static final int MAX_REPORTED_SOURCES = 1024;

    private static final System.Logger LOG = System.getLogger(ConventionLeader.class.getName());

    private final Supplier<String> leaderAddress;
    private final Supplier<List<String>> loadedSources;
    private final Timing settings;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService sweeper;
    private final Membership membership;
    private final GlobalNames names = new GlobalNames();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, MemberInfo> changedLoads = new LinkedHashMap<>();
    /** Changes not yet sent: joined or changed members, and departed ones, by address. */
    private final Map<String, MemberInfo> pendingUpserts = new LinkedHashMap<>();
    private final Map<String, Removal> pendingRemovals = new LinkedHashMap<>();
    private final LeaderDown heartbeat = LeaderDown.newBuilder().setHeartbeat(LeaderHeartbeat.getDefaultInstance())
            .build();
    private Membership.Health health;
    private long checks;
    /** The sources each member said it holds, by member address. */
    private final Map<String, List<String>> heldSources = new HashMap<>();
    private boolean flushScheduled;
    /** The current directory as one message, built on demand and shared by every session that needs it. */
    private LeaderDown snapshot;
    /** The shared snapshot and its bytes, serialized once however many members it goes to. */
    private volatile SerializedSnapshot serializedSnapshot;
    /** Members that need the whole directory, in the order they came to need it. */
    private final ArrayDeque<Session> awaitingSnapshot = new ArrayDeque<>();
    private int congestedMembers;

    /**
     * A leader at {@code leaderAddress} (read when members join, so it may be known only once the server is
     * bound), reading time from {@code nanoTime}; it sweeps for silent members every heartbeat interval on a
     * thread of its own. A joining member learns the {@code loadedSources}, so it drops copies of unloaded ones.
     */
    public ConventionLeader(Supplier<String> leaderAddress, Supplier<List<String>> loadedSources,
                            Timing settings, LongSupplier nanoTime) {
        this.leaderAddress = leaderAddress;
        this.loadedSources = loadedSources;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.membership = new Membership(settings, leaderAddress, nanoTime.getAsLong());
        this.health = membership.health();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "thespis-leader-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.heartbeatInterval().toNanos();
        long check = interval / CHECKS_PER_INTERVAL;
        sweeper.scheduleAtFixedRate(this::sweep, check, check, TimeUnit.NANOSECONDS);
    }

    @Override
    public StreamObserver<MemberUp> join(StreamObserver<LeaderDown> toMember) {
        return new Session(toMember);
    }

    /**
     * Declares silent members gone (and once the leader has settled, sends the authoritative directory to every
     * member); every {@link #CHECKS_PER_INTERVAL}th time, also the coalesced load changes and a heartbeat to every
     * member.
     */
    synchronized void sweep() {
        applied(membership.sweep(nanoTime.getAsLong()));
        healthChanged(membership.health());
        if (++checks % CHECKS_PER_INTERVAL != 0) {
            return;
        }
        if (!changedLoads.isEmpty()) {
            snapshot = null;
            changedLoads.forEach(pendingUpserts::putIfAbsent);
            changedLoads.clear();
            flush();
        }
        for (Session session : sessions.values()) {
            session.heartbeat();
        }
    }

    private void healthChanged(Membership.Health now) {
        Membership.Health before = health;
        health = now;
        if (before == now) {
            return;
        }
        if (now == Membership.Health.ISOLATED) {
            LOG.log(Level.WARNING, "the leader lost most members at once; suspecting its own network, it declares "
                    + "no one gone until it hears from them again");
        } else if (before == Membership.Health.ISOLATED) {
            LOG.log(Level.WARNING, "the leader hears from most members again; the others have "
                    + settings.memberTimeout().toMillis() + " ms to come back");
        } else if (before == Membership.Health.SETTLING) {
            snapshot = null;
            sessions.values().forEach(Session::needSnapshot);
        }
    }

    /** Sends what the membership changed: joined and changed members, and removed ones (whose streams end). */
    private void applied(List<MemberView.Change> changes) {
        for (MemberView.Change change : changes) {
            switch (change.outcome()) {
                case JOINED, UPDATED -> changed(change.member());
                case REFRESHED -> changedLoads.put(change.member().getAddress(), change.member());
                case REMOVED -> {
                    Removal removal = change.removal();
                    LOG.log(Level.INFO, "member " + removal.getAddress() + " (incarnation " + removal.getIncarnation()
                            + ") is gone: " + removal.getReason() + "; " + membership.size() + " live");
                    Session session = sessions.get(removal.getAddress());
                    if (session != null && session.incarnation() <= removal.getIncarnation()) {
                        // Says why before ending the stream: the member must not take it for the leader's end.
                        sessions.remove(removal.getAddress());
                        session.send(LeaderDown.newBuilder().setRefusal(Refusal.newBuilder()
                                .setCode(Refusal.Code.DECLARED_GONE).setReason("this member was declared gone: "
                                        + removal.getReason())).build());
                        session.end();
                    }
                    names.systemGone(new SystemIdentity(removal.getAddress(), removal.getIncarnation()).systemId());
                    departed(removal);
                }
                case STALE -> {
                }
            }
        }
    }

    /** Sends snapshots to waiting members while the budget of congested members allows. */
    private void sendWaitingSnapshots() {
        while (congestedMembers < MAX_CONGESTED_MEMBERS && !awaitingSnapshot.isEmpty()) {
            awaitingSnapshot.poll().sendSnapshot();
        }
    }

    private LeaderDown snapshot() {
        if (snapshot == null) {
            snapshot = LeaderDown.newBuilder().setSnapshot(DirectorySnapshot.newBuilder()
                    .addAllMembers(membership.members()).setAuthoritative(membership.authoritative())).build();
            serializedSnapshot = new SerializedSnapshot(snapshot, snapshot.toByteArray());
        }
        return snapshot;
    }

    /**
     * This service as the server should host it: its responses written by a marshaller that sends the shared
     * snapshot's bytes as they are. A snapshot of N members goes to many members at once; serializing it for each
     * would cost the leader N² work under its lock.
     */
    public ServerServiceDefinition serviceDefinition() {
        MethodDescriptor<MemberUp, LeaderDown> join = ConventionGrpc.getJoinMethod();
        MethodDescriptor<MemberUp, LeaderDown> snapshotsOnce = join.toBuilder(join.getRequestMarshaller(),
                new SnapshotMarshaller(join.getResponseMarshaller())).build();
        ServerServiceDefinition generated = bindService();
        @SuppressWarnings("unchecked")
        ServerCallHandler<MemberUp, LeaderDown> handler = (ServerCallHandler<MemberUp, LeaderDown>)
                generated.getMethod(join.getFullMethodName()).getServerCallHandler();
        ServerMethodDefinition<?, ?> name = generated.getMethod(ConventionGrpc.getNameMethod().getFullMethodName());
        // The same schema as the generated service, so that server reflection describes it.
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(ConventionGrpc.SERVICE_NAME)
                .setSchemaDescriptor(ConventionGrpc.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(snapshotsOnce).addMethod(name.getMethodDescriptor()).build();
        return ServerServiceDefinition.builder(descriptor).addMethod(snapshotsOnce, handler).addMethod(name).build();
    }

    private record SerializedSnapshot(LeaderDown message, byte[] bytes) {
    }

    /** Writes the shared snapshot from its bytes; everything else as the generated marshaller does. */
    private final class SnapshotMarshaller implements MethodDescriptor.Marshaller<LeaderDown> {
        private final MethodDescriptor.Marshaller<LeaderDown> generated;

        SnapshotMarshaller(MethodDescriptor.Marshaller<LeaderDown> generated) {
            this.generated = generated;
        }

        @Override
        public InputStream stream(LeaderDown message) {
            SerializedSnapshot shared = serializedSnapshot;
            return shared != null && shared.message() == message ? new KnownLengthBytes(shared.bytes())
                    : generated.stream(message);
        }

        @Override
        public LeaderDown parse(InputStream stream) {
            return generated.parse(stream);
        }
    }

    /** Bytes whose length gRPC can read up front, so it frames them without an extra copy. */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }

    /** Queues a joined or changed member for the next delta. */
    private void changed(MemberInfo member) {
        snapshot = null;
        pendingRemovals.remove(member.getAddress());
        pendingUpserts.put(member.getAddress(), member);
        scheduleFlush();
    }

    /** Queues a departed member for the next delta. */
    private void departed(Removal removal) {
        heldSources.remove(removal.getAddress());
        changedLoads.remove(removal.getAddress());
        snapshot = null;
        pendingUpserts.remove(removal.getAddress());
        pendingRemovals.put(removal.getAddress(), removal);
        // Not held for the window: a departure is rare, and members must learn it at once (a killed process).
        flush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            try {
                sweeper.schedule(this::flush, FLUSH_WINDOW.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // The leader is closed: there is no one left to tell.
            }
        }
    }

    /** Sends every queued change to every member, as one delta. */
    private synchronized void flush() {
        flushScheduled = false;
        if (pendingUpserts.isEmpty() && pendingRemovals.isEmpty()) {
            return;
        }
        LeaderDown message = LeaderDown.newBuilder().setDelta(DirectoryDelta.newBuilder()
                .addAllUpserted(pendingUpserts.values()).addAllRemoved(pendingRemovals.values())).build();
        pendingUpserts.clear();
        pendingRemovals.clear();
        for (Session session : sessions.values()) {
            session.deliver(message);
        }
    }

    /**
     * A global name looked up, bound or released. Only an actor of a live member may hold a name: binding one of a
     * member that is not registered is refused ({@code FAILED_PRECONDITION}: a member that has only just started
     * may not be registered yet, and tries again).
     */
    @Override
    public void name(NameRequest request, StreamObserver<NameReply> reply) {
        NameBinding holder;
        synchronized (this) {
            try {
                holder = switch (request.getKind()) {
                    case LOOKUP -> names.lookup(request.getName());
                    case BIND -> {
                        if (!liveMember(request.getSystem())) {
                            throw new IllegalStateException("cannot bind '" + request.getName() + "' to an actor of "
                                    + request.getSystem() + ": not a live member of this Convention");
                        }
                        yield names.bind(request.getName(), request.getSystem(), request.getActorId());
                    }
                    case RELEASE -> {
                        names.release(request.getName(), request.getSystem(), request.getActorId());
                        yield null;
                    }
                    default -> throw new IllegalArgumentException("unknown name request " + request.getKind());
                };
            } catch (IllegalArgumentException e) {
                reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            } catch (IllegalStateException e) {
                Status status = request.getKind() == NameRequest.Kind.BIND && !liveMember(request.getSystem())
                        ? Status.FAILED_PRECONDITION : Status.RESOURCE_EXHAUSTED;
                reply.onError(status.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
        }
        NameReply.Builder answer = NameReply.newBuilder();
        if (holder != null) {
            answer.setSystem(holder.getSystem()).setActorId(holder.getActorId());
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    /** Whether {@code systemId} names the live incarnation of a registered member. */
    private boolean liveMember(String systemId) {
        SystemIdentity owner = SystemIdentity.parse(systemId);
        MemberInfo live = owner == null ? null : membership.get(owner.address());
        return live != null && live.getIncarnation() == owner.incarnation();
    }

    /** Tells every member that source {@code hash} was unloaded. Not coalesced: unloads are rare and must arrive. */
    public synchronized void sourceUnloaded(String hash) {
        LeaderDown unloaded = LeaderDown.newBuilder().setSourceUnloaded(SourceUnloaded.newBuilder().setHash(hash))
                .build();
        for (List<String> held : heldSources.values()) {
            held.remove(hash);
        }
        for (Session session : sessions.values()) {
            session.send(unloaded);
        }
    }

    /** The members that said they hold each source, by hash. */
    public synchronized Map<String, List<String>> sourceHolders() {
        Map<String, List<String>> holders = new HashMap<>();
        heldSources.forEach((member, hashes) -> {
            for (String hash : hashes) {
                holders.computeIfAbsent(hash, key -> new ArrayList<>()).add(member);
            }
        });
        holders.values().forEach(Collections::sort);
        return holders;
    }

    @Override
    public synchronized void close() {
        sweeper.shutdownNow();
        for (Session session : sessions.values()) {
            session.end();
        }
        sessions.clear();
    }

    /** Where a member's stream stands with the directory. */
    private enum Phase {
        /** Not registered yet. */
        REGISTERING,
        /** Has every change sent so far. */
        CURRENT,
        /** Missed changes (or just registered): needs the whole directory, not queued for it yet. */
        BEHIND,
        /** Needs the whole directory and waits for its turn in {@link #awaitingSnapshot}. */
        QUEUED,
        /** The stream is over. */
        ENDED
    }

    /** Whether a member's stream has bytes waiting in the leader (counted in {@link #congestedMembers}). */
    private enum Buffer { CLEAR, CONGESTED }

    /** One member's stream. Every method runs under the leader's lock, so sends to a stream never interleave. */
    private final class Session implements StreamObserver<MemberUp> {
        private final ServerCallStreamObserver<LeaderDown> toMember;
        private MemberInfo member;
        private Phase phase = Phase.REGISTERING;
        private Buffer buffer = Buffer.CLEAR;
        /** Set once registered: forwarded lines are written outside the leader's lock. */
        private volatile ForwardedLogWriter logs;

        Session(StreamObserver<LeaderDown> toMember) {
            this.toMember = (ServerCallStreamObserver<LeaderDown>) toMember;
            this.toMember.setOnReadyHandler(this::drained);
        }

        long incarnation() {
            return member == null ? 0 : member.getIncarnation();
        }

        /** Sends a delta, or marks the member behind when its stream would only queue it. */
        void deliver(LeaderDown delta) {
            if (phase != Phase.CURRENT) {
                return;
            }
            if (buffer == Buffer.CONGESTED || !toMember.isReady()) {
                needSnapshot();
                return;
            }
            send(delta);
        }

        /** The leader is alive: sent each interval to a member whose stream takes it at once. */
        void heartbeat() {
            if (phase != Phase.REGISTERING && phase != Phase.ENDED && buffer == Buffer.CLEAR && toMember.isReady()) {
                send(ConventionLeader.this.heartbeat);
            }
        }

        /** Queues this member for the whole directory. */
        void needSnapshot() {
            if (phase == Phase.ENDED || phase == Phase.REGISTERING) {
                return;
            }
            if (phase != Phase.QUEUED) {
                phase = Phase.BEHIND;
                if (buffer == Buffer.CLEAR) {
                    phase = Phase.QUEUED;
                    awaitingSnapshot.add(this);
                }
            }
            sendWaitingSnapshots();
        }

        void sendSnapshot() {
            if (phase != Phase.QUEUED) {
                return;
            }
            phase = Phase.CURRENT;
            send(snapshot());
        }

        /** The stream took what was waiting: no longer congested; a member that fell behind queues for a snapshot. */
        private void drained() {
            synchronized (ConventionLeader.this) {
                if (buffer == Buffer.CONGESTED && toMember.isReady()) {
                    buffer = Buffer.CLEAR;
                    congestedMembers--;
                }
                if (phase == Phase.BEHIND && buffer == Buffer.CLEAR) {
                    needSnapshot();
                } else {
                    sendWaitingSnapshots();
                }
            }
        }

        @Override
        public void onNext(MemberUp up) {
            ForwardedLogWriter writer = logs;
            if (up.hasLogs() && writer != null) {
                writer.write(up.getLogs()); // the log may be slow: not under the leader's lock
                return;
            }
            synchronized (ConventionLeader.this) {
                if (phase == Phase.ENDED) {
                    return;
                }
                switch (up.getKindCase()) {
                    case REGISTER -> CapabilityLimits.admit(up, this::refuse, () -> register(up.getRegister()));
                    case HEARTBEAT -> heartbeat(up.getHeartbeat().getActorCount(), up.getHeartbeat().getMailboxBacklog());
                    case CAPABILITY_UPDATE -> CapabilityLimits.admit(up, this::refuse, () -> updateCapabilities(up));
                    case LEAVE -> leave();
                    case SOURCES_HELD -> sourcesHeld(up.getSourcesHeld().getHashesList());
                    case REMOVALS -> reportedRemovals(up.getRemovals().getRemovalsList());
                    case ABANDON -> abandoned(up.getAbandon().getReason());
                    case LOGS -> refuse(Refusal.Code.PROTOCOL, "register before forwarding log lines");
                    default -> refuse(Refusal.Code.PROTOCOL, "unknown message " + up.getKindCase()
                            + "; this leader speaks protocol " + PROTOCOL_VERSION);
                }
            }
        }

        private void register(Register registration) {
            int protocolVersion = registration.getProtocolVersion();
            MemberInfo info = registration.getMember();
            if (protocolVersion != PROTOCOL_VERSION) {
                refuse(Refusal.Code.INCOMPATIBLE, "incompatible protocol: member " + info.getAddress() + " speaks "
                        + "version " + protocolVersion + ", leader " + leaderAddress.get() + " speaks " + PROTOCOL_VERSION);
                return;
            }
            if (member != null || info.getAddress().isEmpty()) {
                refuse(Refusal.Code.PROTOCOL, "register once per stream, with an address");
                return;
            }
            switch (membership.admission(info)) {
                case DECLARED_GONE -> {
                    refuse(Refusal.Code.DECLARED_GONE, "member " + info.getAddress() + " incarnation "
                            + info.getIncarnation() + " was declared gone ("
                            + membership.goneReason(info.getAddress(), info.getIncarnation())
                            + "); rejoin as a new incarnation");
                    return;
                }
                case STALE -> {
                    refuse(Refusal.Code.STALE, "member " + info.getAddress() + " incarnation " + info.getIncarnation()
                            + " is older than the one registered");
                    return;
                }
                case ACCEPTED -> {
                }
            }
            String tooLarge = membership.directoryTooLarge(info);
            if (tooLarge != null) {
                refuse(Refusal.Code.PROTOCOL, "member " + info.getAddress() + " cannot join: " + tooLarge);
                return;
            }
            applied(membership.learn(bounded(registration.getKnownRemovalsList())));
            if (membership.admission(info) != Membership.Admission.ACCEPTED) {
                // What it reported removed this very incarnation (it was declared gone before the leader restarted).
                refuse(Refusal.Code.DECLARED_GONE, "member " + info.getAddress() + " incarnation "
                        + info.getIncarnation() + " was declared gone ("
                        + membership.goneReason(info.getAddress(), info.getIncarnation())
                        + "); rejoin as a new incarnation");
                return;
            }
            member = info;
            logs = new ForwardedLogWriter(info.getAddress(), nanoTime);
            Session previous = sessions.put(info.getAddress(), this);
            if (previous != null && previous != this) {
                previous.end();
            }
            List<MemberView.Change> changes = membership.register(info, nanoTime.getAsLong());
            String system = new SystemIdentity(info.getAddress(), info.getIncarnation()).systemId();
            for (NameBinding binding : registration.getNamesList().subList(0,
                    Math.min(registration.getNamesCount(), MAX_REPORTED_NAMES))) {
                if (binding.getSystem().equals(system) && NameLimits.fits(binding.getName())) {
                    try {
                        names.bind(binding.getName(), system, binding.getActorId());
                    } catch (IllegalStateException full) {
                        LOG.log(Level.WARNING, full.getMessage());
                    }
                }
            }
            LOG.log(Level.INFO, "member " + info.getAddress() + " registered (incarnation " + info.getIncarnation()
                    + ", version " + info.getVersion() + ", generation " + info.getGeneration() + "); "
                    + membership.size() + " live");
            send(LeaderDown.newBuilder().setWelcome(Welcome.newBuilder().setProtocolVersion(PROTOCOL_VERSION)
                    .setLeaderAddress(leaderAddress.get())
                    .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())
                    .addAllLoadedSources(loadedSources.get())).build());
            phase = Phase.BEHIND;
            applied(changes);
            needSnapshot();
        }

        private void heartbeat(int actorCount, long mailboxBacklog) {
            if (member == null) {
                refuse(Refusal.Code.PROTOCOL, "register before sending heartbeats");
                return;
            }
            MemberInfo current = membership.heartbeat(member.getAddress(), member.getIncarnation(), actorCount,
                    mailboxBacklog, nanoTime.getAsLong());
            if (current == null) {
                refuse(Refusal.Code.DECLARED_GONE, "member " + member.getAddress() + " incarnation "
                        + member.getIncarnation() + " is no longer registered ("
                        + membership.goneReason(member.getAddress(), member.getIncarnation())
                        + "); rejoin as a new incarnation");
                return;
            }
            if (current.getActorCount() != member.getActorCount()
                    || current.getMailboxBacklog() != member.getMailboxBacklog()) {
                changedLoads.put(current.getAddress(), current);
            }
            member = current;
        }

        private void updateCapabilities(MemberUp up) {
            if (member == null) {
                refuse(Refusal.Code.PROTOCOL, "register before updating capabilities");
                return;
            }
            MemberInfo updated = member.toBuilder().clearCapabilities()
                    .putAllCapabilities(up.getCapabilityUpdate().getCapabilitiesMap())
                    .setGeneration(up.getCapabilityUpdate().getGeneration())
                    .setVersion(up.getCapabilityUpdate().getVersion()).build();
            String tooLarge = membership.directoryTooLarge(updated);
            if (tooLarge != null) {
                refuse(Refusal.Code.PROTOCOL, "member " + updated.getAddress() + " cannot publish these capabilities: "
                        + tooLarge);
                return;
            }
            List<MemberView.Change> changes = membership.update(updated, nanoTime.getAsLong());
            if (!changes.isEmpty()) {
                member = updated;
                LOG.log(Level.INFO, "member " + updated.getAddress() + " changed its capabilities (generation "
                        + updated.getGeneration() + ")");
                applied(changes);
            }
        }

        /** The member gives this stream up and reconnects: its end is no evidence; only the timeout decides. */
        private void abandoned(String reason) {
            LOG.log(Level.INFO, "member " + (member == null ? "(unregistered)" : member.getAddress())
                    + " gives its stream up to reconnect: " + reason);
            if (isCurrent()) {
                sessions.remove(member.getAddress());
            }
            end();
        }

        private void reportedRemovals(List<Removal> removals) {
            if (member == null) {
                refuse(Refusal.Code.PROTOCOL, "register before reporting removals");
                return;
            }
            applied(membership.learn(bounded(removals)));
        }

        private List<Removal> bounded(List<Removal> removals) {
            return removals.subList(0, Math.min(removals.size(), MAX_REPORTED_REMOVALS));
        }

        private void sourcesHeld(List<String> hashes) {
            if (member == null) {
                refuse(Refusal.Code.PROTOCOL, "register before reporting sources");
                return;
            }
            heldSources.put(member.getAddress(), new ArrayList<>(hashes.subList(0, Math.min(hashes.size(),
                    MAX_REPORTED_SOURCES))));
        }

        private void leave() {
            LOG.log(Level.INFO, "member " + (member == null ? "(unregistered)" : member.getAddress()) + " left");
            if (isCurrent()) {
                applied(membership.remove(member.getAddress(), member.getIncarnation(), "left"));
            }
            end();
        }

        private void refuse(Refusal.Code code, String reason) {
            LOG.log(Level.WARNING, "refusing a member stream: " + reason);
            send(LeaderDown.newBuilder().setRefusal(Refusal.newBuilder().setCode(code).setReason(reason)).build());
            if (isCurrent() && code == Refusal.Code.PROTOCOL) {
                applied(membership.remove(member.getAddress(), member.getIncarnation(), "broke the protocol"));
            }
            end();
        }

        /** Whether this stream is its member's current one (not replaced by a newer stream of the same member). */
        private boolean isCurrent() {
            return member != null && sessions.get(member.getAddress()) == this;
        }

        /** The stream ended: the member is gone at once if it was heard just now, else the timeout decides. */
        private void ended(String how) {
            if (isCurrent()) {
                sessions.remove(member.getAddress());
                applied(membership.streamEnded(member.getAddress(), member.getIncarnation(), "its stream " + how,
                        nanoTime.getAsLong()));
            }
        }

        void send(LeaderDown message) {
            if (phase == Phase.ENDED) {
                return;
            }
            try {
                toMember.onNext(message);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "could not send to a member stream: " + e);
            }
            if (buffer == Buffer.CLEAR && !toMember.isReady()) {
                buffer = Buffer.CONGESTED;
                congestedMembers++;
            }
        }

        void end() {
            if (phase == Phase.ENDED) {
                return;
            }
            release();
            try {
                toMember.onCompleted();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "member stream already closed: " + e);
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (ConventionLeader.this) {
                ended("failed (" + error.getMessage() + ")");
                release();
            }
        }

        @Override
        public void onCompleted() {
            synchronized (ConventionLeader.this) {
                ended("ended");
                end();
            }
        }

        /** An ended session gives back its place in the budget and leaves the snapshot queue. */
        private void release() {
            if (phase == Phase.ENDED) {
                return;
            }
            if (phase == Phase.QUEUED) {
                awaitingSnapshot.remove(this);
            }
            phase = Phase.ENDED;
            if (buffer == Buffer.CONGESTED) {
                buffer = Buffer.CLEAR;
                congestedMembers--;
            }
            sendWaitingSnapshots();
        }
    }
}
