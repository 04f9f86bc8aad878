package io.thespis.internal.member.membership;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.internal.leader.ForwardedLogWriter;
import io.thespis.internal.member.logging.WarningOutbox;
import io.thespis.internal.member.transport.Backoff;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.proto.v1.Abandon;
import io.thespis.proto.v1.CapabilityUpdate;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.ForwardedLogs;
import io.thespis.proto.v1.Heartbeat;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.Leave;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.NameBinding;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Register;
import io.thespis.proto.v1.Removal;
import io.thespis.proto.v1.Removals;
import io.thespis.proto.v1.SourcesHeld;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * This member's stream to the Convention Leader: register, heartbeats with load, capability updates up; the
 * directory and the leader's heartbeats down. A leader not heard from for the member timeout is lost (a cut or
 * one-way link, a frozen or dead leader), as is one that does not welcome a registration in that time. The member
 * then keeps running on its directory and reconnects on a fresh connection (never waiting on TCP's backoff) after
 * a capped, jittered {@link Backoff}, logging one line per change of state, not per attempt.
 *
 * <p>The leader is a member too, with actors. Nobody else can declare it gone, so each member does, in its own
 * directory: at once when its process is gone (a welcomed stream, or a peer link to its member, fails and a TCP
 * connection to its port is refused: the host is up, the port closed) or it stopped (ended a welcomed stream without
 * a refusal), and when it was silent for the member timeout on a welcomed stream. A leader that was only cut off
 * learns this from the members when they re-register (they report what they removed) and rejoins as a new
 * incarnation, as any member declared gone does.
 */
public final class LeaderLink {
    private static final System.Logger LOG = System.getLogger(LeaderLink.class.getName());
    /** How often per heartbeat interval the leader's silence is checked; heartbeats go out once per interval. */
    private static final int CHECKS_PER_INTERVAL = 4;
    /** How long an abandoned connection to the leader may finish sending before it is cut. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(1);

    /** Where the link stands. */
    enum State {
        /** A stream is open and the registration sent; waiting for the welcome. */
        CONNECTING,
        /** Welcomed: heartbeats flow both ways. */
        JOINED,
        /** Lost the leader (or never reached it); the next attempt is scheduled. */
        RETRYING,
        /** The member is stopping. */
        CLOSED
    }

    /** The member this link registers. */
    public interface Member {
        /** This member as it registers now, with a version newer than anything sent before. */
        MemberInfo register();

        /** This member as it is now (after a capability change). */
        MemberInfo current();

        /** The global names of this member's live actors, which a restarted leader must learn again. */
        List<NameBinding> names();

        int actorCount();

        long mailboxBacklog();

        /** The leader declared this incarnation gone: the member must become a new one before it registers again. */
        void declaredGone(String reason);

        /** The member joined the Convention ({@code true}) or lost its leader ({@code false}). */
        void joined(boolean joined);
    }

    /** What the leader says about loaded sources. */
    public interface SourceNews {
        /** Joined: {@code loaded} are the sources of the Convention; copies of any other are stale. */
        void loadedSources(List<String> loaded);

        /** Source {@code hash} was unloaded. */
        void unloaded(String hash);

        /** The sources this member holds, to report after (re)joining. */
        List<String> held();
    }

    private final String leaderAddress;
    private final GrpcEndpoints endpoints;
    private final Member member;
    private final MemberDirectory directory;
    private final SourceNews sources;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final long silenceNanos;
    private final Duration tick;
    private final Backoff backoff = new Backoff(Backoff.FIRST_RECONNECT, Backoff.MAX_RECONNECT,
            () -> ThreadLocalRandom.current().nextDouble());
    private final ProcessProbe probe;
    private final WarningOutbox warnings;
    private volatile ManagedChannel channel;
    private State state = State.RETRYING;
    private ClientCallStreamObserver<MemberUp> stream;
    private ScheduledFuture<?> ticks;
    private long lastHeardNanos;
    private long lastTickNanos;
    private boolean refusedOnThisStream;
    private int ticksSinceHeartbeat;
    private long sinceNanos;
    private String lastLoss;

    /**
     * A link to {@code leaderAddress}; it sends a heartbeat every {@code heartbeatInterval}, loses a leader silent
     * for {@code memberTimeout}, reading time from {@code nanoTime}, and forwards what waits in {@code warnings}
     * (none: {@code null}) while joined.
     */
    public LeaderLink(String leaderAddress, GrpcEndpoints endpoints, ProcessProbe probe, Member member,
               MemberDirectory directory, SourceNews sources, ScheduledExecutorService scheduler,
               LongSupplier nanoTime, Duration heartbeatInterval,
               Duration memberTimeout, WarningOutbox warnings) {
        this.warnings = warnings;
        this.leaderAddress = leaderAddress;
        this.member = member;
        this.directory = directory;
        this.sources = sources;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.silenceNanos = memberTimeout.toNanos();
        this.tick = heartbeatInterval;
        this.endpoints = endpoints;
        this.probe = probe;
        this.channel = endpoints.channel(leaderAddress);
    }

    /** The channel to the leader, for calls besides the membership stream (such as its source store). */
    public ManagedChannel channel() {
        return channel;
    }

    /** How long since the leader was last heard from, in milliseconds. */
    public synchronized long silenceMillis() {
        return (nanoTime.getAsLong() - lastHeardNanos) / 1_000_000;
    }

    /** Whether the member is joined now. */
    synchronized State state() {
        return state;
    }

    /** Opens the stream and starts the heartbeat; failures are retried in the background. */
    public synchronized void start() {
        long check = tick.toNanos() / CHECKS_PER_INTERVAL;
        ticks = scheduler.scheduleAtFixedRate(this::tick, check, check, TimeUnit.NANOSECONDS);
        sinceNanos = nanoTime.getAsLong();
        lastTickNanos = sinceNanos;
        connect();
    }

    private void connect() {
        // What an older stream reports after a newer one replaced it is stale: it must not end the newer one.
        ConventionGrpc.newStub(channel).join(new ClientResponseObserver<MemberUp, LeaderDown>() {
            private ClientCallStreamObserver<MemberUp> own;

            @Override
            public void beforeStart(ClientCallStreamObserver<MemberUp> requests) {
                own = requests;
                stream = requests;
            }

            @Override
            public void onNext(LeaderDown down) {
                received(own, down);
            }

            @Override
            public void onError(Throwable error) {
                failed(own, error);
            }

            @Override
            public void onCompleted() {
                // Only a welcomed stream is evidence: an unanswered registration may be a slow or starting leader.
                lostStream(own, "the leader ended the stream", "it stopped");
            }
        });
        state = State.CONNECTING;
        refusedOnThisStream = false;
        lastHeardNanos = nanoTime.getAsLong();
        send(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION).setMember(member.register())
                .addAllKnownRemovals(directory.knownRemovals(ConventionLeader.MAX_REPORTED_REMOVALS))
                .addAllNames(member.names())).build());
    }

    private synchronized void received(ClientCallStreamObserver<MemberUp> from, LeaderDown down) {
        if (from != stream || state == State.CLOSED) {
            return;
        }
        lastHeardNanos = nanoTime.getAsLong();
        switch (down.getKindCase()) {
            case WELCOME -> welcomed(down);
            case HEARTBEAT -> {
            }
            case SOURCE_UNLOADED -> sources.unloaded(down.getSourceUnloaded().getHash());
            case SNAPSHOT -> {
                List<Removal> absent = directory.applySnapshot(down.getSnapshot().getMembersList(),
                        down.getSnapshot().getAuthoritative());
                if (!absent.isEmpty()) {
                    send(MemberUp.newBuilder().setRemovals(Removals.newBuilder().addAllRemovals(absent)).build());
                }
            }
            case DELTA -> directory.applyDelta(down.getDelta());
            case REFUSAL -> refused(down.getRefusal());
            default -> LOG.log(Level.WARNING, "ignored a " + down.getKindCase() + " from the leader");
        }
    }

    private void welcomed(LeaderDown down) {
        long waited = (nanoTime.getAsLong() - sinceNanos) / 1_000_000;
        LOG.log(Level.INFO, lastLoss == null ? "joined the Convention led by " + leaderAddress
                : "rejoined the Convention led by " + leaderAddress + " " + waited + " ms after losing it ("
                + lastLoss + ")");
        state = State.JOINED;
        member.joined(true);
        lastLoss = null;
        backoff.reset();
        sources.loadedSources(down.getWelcome().getLoadedSourcesList());
        sendSourcesHeld();
    }

    private void refused(Refusal refusal) {
        refusedOnThisStream = true;
        if (refusal.getCode() == Refusal.Code.DECLARED_GONE) {
            LOG.log(Level.WARNING, "the leader at " + leaderAddress + " says this member was declared gone: "
                    + refusal.getReason());
            member.declaredGone(refusal.getReason());
        } else {
            LOG.log(Level.ERROR, "the leader at " + leaderAddress + " refused this member: " + refusal.getReason());
        }
    }

    /**
     * Each heartbeat interval: a heartbeat up, and the leader lost when it has been silent too long. Silence while
     * this member itself was paused (its ticks came late) is no evidence against the leader.
     */
    private synchronized void tick() {
        long now = nanoTime.getAsLong();
        long paused = now - lastTickNanos - 2 * tick.toNanos();
        lastTickNanos = now;
        if (paused > 0) {
            lastHeardNanos += paused;
        }
        if (state == State.JOINED && ++ticksSinceHeartbeat >= CHECKS_PER_INTERVAL) {
            ticksSinceHeartbeat = 0;
            send(MemberUp.newBuilder().setHeartbeat(Heartbeat.newBuilder().setActorCount(member.actorCount())
                    .setMailboxBacklog(member.mailboxBacklog())).build());
        }
        forwardWarnings();
        if ((state == State.JOINED || state == State.CONNECTING)
                && now - lastHeardNanos > silenceNanos) {
            ClientCallStreamObserver<MemberUp> silent = stream;
            String silence = "silent for over " + silenceNanos / 1_000_000 + " ms";
            // Said, and the stream half-closed rather than cancelled (a cancel may drop what is still queued), so
            // that a leader that still hears this member does not take the stream's end for its death.
            send(MemberUp.newBuilder().setAbandon(Abandon.newBuilder().setReason("the leader was " + silence)).build());
            try {
                silent.onCompleted();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "half-closing the silent leader stream: " + e);
            }
            lostStream(silent, silence, silence);
        }
    }

    /**
     * Sends what waits in the outbox of warnings, a batch per check, while joined and while the stream takes it at
     * once; otherwise the lines wait (the outbox is bounded, and the member's own log has them all).
     */
    private void forwardWarnings() {
        if (warnings == null || state != State.JOINED || !stream.isReady()) {
            return;
        }
        ForwardedLogs batch = warnings.drain(ForwardedLogWriter.LINES_PER_MESSAGE);
        if (batch != null) {
            send(MemberUp.newBuilder().setLogs(batch).build());
        }
    }

    /** Sends this member's new capabilities, or leaves them for the next registration when not joined. */
    public synchronized void capabilitiesChanged() {
        if (state == State.JOINED) {
            MemberInfo info = member.current();
            send(MemberUp.newBuilder().setCapabilityUpdate(CapabilityUpdate.newBuilder()
                    .putAllCapabilities(info.getCapabilitiesMap()).setGeneration(info.getGeneration())
                    .setVersion(info.getVersion())).build());
        }
    }

    /** Tells the leader which sources this member holds now, or leaves it for the next registration. */
    public synchronized void sourcesChanged() {
        if (state == State.JOINED) {
            sendSourcesHeld();
        }
    }

    private void sendSourcesHeld() {
        send(MemberUp.newBuilder().setSourcesHeld(SourcesHeld.newBuilder().addAllHashes(sources.held())).build());
    }

    private void send(MemberUp message) {
        try {
            stream.onNext(message);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "could not send to the leader: " + e);
        }
    }

    /**
     * The stream {@code from} failed for {@code reason}: retry on a fresh connection, after the backoff. When
     * {@code leaderGone} says why, the leader's member is gone from this member's directory.
     */
    /**
     * The stream {@code from} failed. A welcomed stream that fails may be the leader's process dying,
     * or this host's own network failing (an interface down): a plain TCP connection to the leader's port, tried at
     * once, tells them apart, since only a host whose port is closed refuses it. Refused: the process is gone.
     */
    private synchronized void failed(ClientCallStreamObserver<MemberUp> from, Throwable error) {
        if (from != stream) {
            return;
        }
        if (state == State.JOINED) {
            startProbe();
        }
        lost(from, error.getMessage(), null);
    }

    private void startProbe() {
        probe.probe(leaderAddress, () -> directory.removeHere(leaderAddress, "the leader " + leaderAddress
                + ": its process is gone (its port refuses connections)"));
    }

    /** A stream's end that judges the leader gone if the stream had been welcomed and nothing was refused on it. */
    private synchronized void lostStream(ClientCallStreamObserver<MemberUp> from, String reason, String leaderGone) {
        lost(from, reason, state == State.JOINED && !refusedOnThisStream ? leaderGone : null);
    }

    private synchronized void lost(ClientCallStreamObserver<MemberUp> from, String reason, String leaderGone) {
        if (from != stream || state == State.CLOSED || state == State.RETRYING) {
            return;
        }
        if (leaderGone != null) {
            directory.removeHere(leaderAddress, "the leader " + leaderAddress + ": " + leaderGone);
        }
        if (lastLoss == null) {
            sinceNanos = nanoTime.getAsLong();
            LOG.log(Level.WARNING, (state == State.JOINED ? "lost the Convention Leader at " : "cannot reach the "
                    + "Convention Leader at ") + leaderAddress + " (" + reason + "); running on the directory as it "
                    + "is and retrying every " + Backoff.MAX_RECONNECT.toMillis() + " ms at most");
            lastLoss = reason;
        }
        state = State.RETRYING;
        member.joined(false);
        ManagedChannel abandoned = channel;
        channel = endpoints.channel(leaderAddress);
        // Gracefully first: what was said last (an abandon) may still be on its way; then for good.
        abandoned.shutdown();
        scheduler.schedule(abandoned::shutdownNow, ABANDON_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        scheduler.schedule(this::retry, backoff.next().toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void retry() {
        if (state == State.RETRYING) {
            connect();
        }
    }

    /** Leaves the Convention and stops retrying. */
    public synchronized void close() {
        boolean joined = state == State.JOINED;
        state = State.CLOSED;
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (joined) {
            send(MemberUp.newBuilder().setLeave(Leave.getDefaultInstance()).build());
            try {
                stream.onCompleted();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "closing the leader stream: " + e);
            }
        } else if (stream != null) {
            // Not welcomed (yet): nothing to leave, but the call must end or the channel waits for it.
            stream.cancel("the member is stopping", null);
        }
        channel.shutdown();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.shutdownNow();
    }
}
