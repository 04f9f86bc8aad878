package io.thespis.internal.leader;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.DirectoryDelta;
import io.thespis.proto.v1.DirectorySnapshot;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Refusal;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The leader role: members join over one stream each; the leader keeps the {@link Membership}, sends each new
 * member the whole directory and every member the changes after it, and declares members gone when their stream
 * ends (process death: at once) or when they fall silent (partition: after the member timeout).
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
    public static final int PROTOCOL_VERSION = 2;

    /** How long membership changes wait to be sent together. */
    static final Duration FLUSH_WINDOW = Duration.ofMillis(10);
    /** How many members may have unsent bytes waiting in the leader at once. */
    static final int MAX_CONGESTED_MEMBERS = 32;

    /** How many held sources a member's report may list; more are not kept. */
    static final int MAX_REPORTED_SOURCES = 1024;

    private static final System.Logger LOG = System.getLogger(ConventionLeader.class.getName());

    private final Supplier<String> leaderAddress;
    private final Supplier<List<String>> loadedSources;
    private final LeaderSettings settings;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService sweeper;
    private final Membership membership = new Membership();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, MemberInfo> changedLoads = new LinkedHashMap<>();
    /** Changes not yet sent: joined or changed members by address, and departed addresses. */
    private final Map<String, MemberInfo> pendingUpserts = new LinkedHashMap<>();
    private final Set<String> pendingRemovals = new LinkedHashSet<>();
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
                            LeaderSettings settings, LongSupplier nanoTime) {
        this.leaderAddress = leaderAddress;
        this.loadedSources = loadedSources;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "thespis-leader-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.heartbeatInterval().toNanos();
        sweeper.scheduleAtFixedRate(this::sweep, interval, interval, TimeUnit.NANOSECONDS);
    }

    @Override
    public StreamObserver<MemberUp> join(StreamObserver<LeaderDown> toMember) {
        return new Session(toMember);
    }

    /** Declares silent members gone and sends the coalesced load changes. */
    synchronized void sweep() {
        for (MemberInfo gone : membership.expire(nanoTime.getAsLong(), settings.memberTimeout().toNanos())) {
            LOG.log(Level.INFO, "member " + gone.getAddress() + " is gone: silent for over "
                    + settings.memberTimeout().toMillis() + " ms");
            changedLoads.remove(gone.getAddress());
            Session session = sessions.remove(gone.getAddress());
            if (session != null) {
                session.end();
            }
            departed(gone.getAddress());
        }
        if (!changedLoads.isEmpty()) {
            snapshot = null;
            changedLoads.forEach(pendingUpserts::putIfAbsent);
            changedLoads.clear();
            flush();
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
                    .addAllMembers(membership.members())).build();
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
        @SuppressWarnings("unchecked")
        ServerCallHandler<MemberUp, LeaderDown> handler = (ServerCallHandler<MemberUp, LeaderDown>)
                bindService().getMethod(join.getFullMethodName()).getServerCallHandler();
        return ServerServiceDefinition.builder(ConventionGrpc.SERVICE_NAME).addMethod(snapshotsOnce, handler).build();
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
    private void departed(String address) {
        heldSources.remove(address);
        snapshot = null;
        pendingUpserts.remove(address);
        pendingRemovals.add(address);
        scheduleFlush();
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
                .addAllUpserted(pendingUpserts.values()).addAllRemoved(pendingRemovals)).build();
        pendingUpserts.clear();
        pendingRemovals.clear();
        for (Session session : sessions.values()) {
            session.deliver(message);
        }
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

    /** One member's stream. Every method runs under the leader's lock, so sends to a stream never interleave. */
    private final class Session implements StreamObserver<MemberUp> {
        private final ServerCallStreamObserver<LeaderDown> toMember;
        private MemberInfo member;
        private boolean ended;
        /** Needs the whole directory: it joined, or missed deltas. */
        private boolean behind;
        private boolean awaiting;
        /** Has unsent bytes waiting in the leader; counted in {@link #congestedMembers}. */
        private boolean congested;

        Session(StreamObserver<LeaderDown> toMember) {
            this.toMember = (ServerCallStreamObserver<LeaderDown>) toMember;
            this.toMember.setOnReadyHandler(this::drained);
        }

        /** Sends a delta, or marks the member behind when its stream would only queue it. */
        void deliver(LeaderDown delta) {
            if (behind || member == null) {
                return;
            }
            if (congested || !toMember.isReady()) {
                needSnapshot();
                return;
            }
            send(delta);
        }

        /** Queues this member for the whole directory. */
        void needSnapshot() {
            behind = true;
            if (!awaiting && !congested) {
                awaiting = true;
                awaitingSnapshot.add(this);
            }
            sendWaitingSnapshots();
        }

        void sendSnapshot() {
            awaiting = false;
            if (ended || !behind) {
                return;
            }
            behind = false;
            send(snapshot());
        }

        /** The stream took what was waiting: no longer congested; a member that fell behind queues for a snapshot. */
        private void drained() {
            synchronized (ConventionLeader.this) {
                if (congested && toMember.isReady()) {
                    congested = false;
                    congestedMembers--;
                }
                if (behind && !ended && !congested) {
                    needSnapshot();
                } else {
                    sendWaitingSnapshots();
                }
            }
        }

        @Override
        public void onNext(MemberUp up) {
            synchronized (ConventionLeader.this) {
                if (ended) {
                    return;
                }
                switch (up.getKindCase()) {
                    case REGISTER -> register(up.getRegister().getProtocolVersion(), up.getRegister().getMember());
                    case HEARTBEAT -> heartbeat(up.getHeartbeat().getActorCount(), up.getHeartbeat().getMailboxBacklog());
                    case CAPABILITY_UPDATE -> updateCapabilities(up);
                    case LEAVE -> leave();
                    case SOURCES_HELD -> sourcesHeld(up.getSourcesHeld().getHashesList());
                    default -> refuse("unknown message " + up.getKindCase() + "; this leader speaks protocol "
                            + PROTOCOL_VERSION);
                }
            }
        }

        private void register(int protocolVersion, MemberInfo info) {
            if (protocolVersion != PROTOCOL_VERSION) {
                refuse("incompatible protocol: member " + info.getAddress() + " speaks version " + protocolVersion
                        + ", leader " + leaderAddress.get() + " speaks " + PROTOCOL_VERSION);
                return;
            }
            if (member != null || info.getAddress().isEmpty()) {
                refuse("register once per stream, with an address");
                return;
            }
            Membership.Outcome outcome = membership.register(info, nanoTime.getAsLong());
            if (outcome == Membership.Outcome.STALE) {
                refuse("member " + info.getAddress() + " incarnation " + info.getIncarnation()
                        + " is older than the one registered");
                return;
            }
            member = info;
            Session previous = sessions.put(info.getAddress(), this);
            if (previous != null && previous != this) {
                previous.end();
            }
            LOG.log(Level.INFO, "member " + info.getAddress() + " joined (incarnation " + info.getIncarnation()
                    + ", generation " + info.getGeneration() + "); " + membership.size() + " live");
            send(LeaderDown.newBuilder().setWelcome(Welcome.newBuilder().setProtocolVersion(PROTOCOL_VERSION)
                    .setLeaderAddress(leaderAddress.get())
                    .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())
                    .addAllLoadedSources(loadedSources.get())).build());
            changed(info);
            needSnapshot();
        }

        private void heartbeat(int actorCount, long mailboxBacklog) {
            if (member == null) {
                refuse("register before sending heartbeats");
                return;
            }
            long now = nanoTime.getAsLong();
            if (membership.heartbeat(member.getAddress(), member.getIncarnation(), actorCount, mailboxBacklog, now)
                    == Membership.Outcome.STALE) {
                refuse("member " + member.getAddress() + " is no longer registered (declared gone); register again");
                return;
            }
            MemberInfo current = membership.get(member.getAddress());
            if (current.getActorCount() != member.getActorCount()
                    || current.getMailboxBacklog() != member.getMailboxBacklog()) {
                changedLoads.put(current.getAddress(), current);
            }
            member = current;
        }

        private void updateCapabilities(MemberUp up) {
            if (member == null) {
                refuse("register before updating capabilities");
                return;
            }
            MemberInfo updated = member.toBuilder().clearCapabilities()
                    .putAllCapabilities(up.getCapabilityUpdate().getCapabilitiesMap())
                    .setGeneration(up.getCapabilityUpdate().getGeneration()).build();
            if (membership.update(updated, nanoTime.getAsLong()) == Membership.Outcome.UPDATED) {
                member = updated;
                LOG.log(Level.INFO, "member " + updated.getAddress() + " changed its capabilities (generation "
                        + updated.getGeneration() + ")");
                changed(updated);
            }
        }

        private void sourcesHeld(List<String> hashes) {
            if (member == null) {
                refuse("register before reporting sources");
                return;
            }
            heldSources.put(member.getAddress(), new ArrayList<>(hashes.subList(0, Math.min(hashes.size(),
                    MAX_REPORTED_SOURCES))));
        }

        private void leave() {
            LOG.log(Level.INFO, "member " + (member == null ? "(unregistered)" : member.getAddress()) + " left");
            forget();
            end();
        }

        private void refuse(String reason) {
            LOG.log(Level.WARNING, "refusing a member stream: " + reason);
            send(LeaderDown.newBuilder().setRefusal(Refusal.newBuilder().setReason(reason)).build());
            forget();
            end();
        }

        /** Removes this session's member, if it is still the registered incarnation, and tells everyone. */
        private void forget() {
            if (member == null || sessions.get(member.getAddress()) != this) {
                // Never registered, or a newer stream of the same member took over: the membership is its own.
                return;
            }
            sessions.remove(member.getAddress());
            if (membership.remove(member.getAddress(), member.getIncarnation())) {
                changedLoads.remove(member.getAddress());
                departed(member.getAddress());
            }
        }

        void send(LeaderDown message) {
            if (ended) {
                return;
            }
            try {
                toMember.onNext(message);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "could not send to a member stream: " + e);
            }
            if (!congested && !toMember.isReady()) {
                congested = true;
                congestedMembers++;
            }
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
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
                if (member != null) {
                    LOG.log(Level.INFO, "member " + member.getAddress() + " is gone: its stream failed ("
                            + error.getMessage() + ")");
                }
                forget();
                ended = true;
                release();
            }
        }

        @Override
        public void onCompleted() {
            synchronized (ConventionLeader.this) {
                forget();
                end();
            }
        }

        /** An ended session gives back its place in the budget and leaves the snapshot queue. */
        private void release() {
            if (congested) {
                congested = false;
                congestedMembers--;
            }
            if (awaiting) {
                awaiting = false;
                awaitingSnapshot.remove(this);
            }
            sendWaitingSnapshots();
        }
    }
}
