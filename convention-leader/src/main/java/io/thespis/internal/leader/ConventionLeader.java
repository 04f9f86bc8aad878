package io.thespis.internal.leader;

import io.grpc.stub.StreamObserver;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.DirectoryDelta;
import io.thespis.proto.v1.DirectorySnapshot;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Welcome;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The leader role: members join over one stream each; the leader keeps the {@link Membership}, sends each new
 * member the whole directory and every member the changes after it, and declares members gone when their stream
 * ends (process death: at once) or when they fall silent (partition: after the member timeout). Load figures from
 * heartbeats are coalesced into one delta per heartbeat interval.
 */
public final class ConventionLeader extends ConventionGrpc.ConventionImplBase implements AutoCloseable {
    /** The Convention protocol this leader speaks. */
    public static final int PROTOCOL_VERSION = 1;

    private static final System.Logger LOG = System.getLogger(ConventionLeader.class.getName());

    private final Supplier<String> leaderAddress;
    private final LeaderSettings settings;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService sweeper;
    private final Membership membership = new Membership();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, MemberInfo> changedLoads = new LinkedHashMap<>();

    /**
     * A leader at {@code leaderAddress} (read when members join, so it may be known only once the server is
     * bound), reading time from {@code nanoTime}; it sweeps for silent members every heartbeat interval on a
     * thread of its own.
     */
    public ConventionLeader(Supplier<String> leaderAddress, LeaderSettings settings, LongSupplier nanoTime) {
        this.leaderAddress = leaderAddress;
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

    /** How many members are live. */
    public synchronized int memberCount() {
        return membership.size();
    }

    /** Declares silent members gone and sends the coalesced load changes. */
    synchronized void sweep() {
        List<String> removed = new ArrayList<>();
        for (MemberInfo gone : membership.expire(nanoTime.getAsLong(), settings.memberTimeout().toNanos())) {
            LOG.log(Level.INFO, "member " + gone.getAddress() + " is gone: silent for over "
                    + settings.memberTimeout().toMillis() + " ms");
            removed.add(gone.getAddress());
            changedLoads.remove(gone.getAddress());
            Session session = sessions.remove(gone.getAddress());
            if (session != null) {
                session.end();
            }
        }
        if (!removed.isEmpty() || !changedLoads.isEmpty()) {
            broadcast(DirectoryDelta.newBuilder().addAllUpserted(changedLoads.values()).addAllRemoved(removed).build());
            changedLoads.clear();
        }
    }

    private void broadcast(DirectoryDelta delta) {
        LeaderDown message = LeaderDown.newBuilder().setDelta(delta).build();
        for (Session session : sessions.values()) {
            session.send(message);
        }
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
        private final StreamObserver<LeaderDown> toMember;
        private MemberInfo member;
        private boolean ended;

        Session(StreamObserver<LeaderDown> toMember) {
            this.toMember = toMember;
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
                    .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())).build());
            send(LeaderDown.newBuilder().setSnapshot(DirectorySnapshot.newBuilder()
                    .addAllMembers(membership.members())).build());
            DirectoryDelta joined = DirectoryDelta.newBuilder().addUpserted(info).build();
            LeaderDown delta = LeaderDown.newBuilder().setDelta(joined).build();
            for (Session other : sessions.values()) {
                if (other != this) {
                    other.send(delta);
                }
            }
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
                broadcast(DirectoryDelta.newBuilder().addUpserted(updated).build());
            }
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
            if (member == null) {
                return;
            }
            if (sessions.get(member.getAddress()) == this) {
                sessions.remove(member.getAddress());
            }
            if (membership.remove(member.getAddress(), member.getIncarnation())) {
                changedLoads.remove(member.getAddress());
                broadcast(DirectoryDelta.newBuilder().addRemoved(member.getAddress()).build());
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
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
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
            }
        }

        @Override
        public void onCompleted() {
            synchronized (ConventionLeader.this) {
                forget();
                end();
            }
        }
    }
}
