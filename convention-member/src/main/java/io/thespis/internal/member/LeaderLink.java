package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.proto.v1.CapabilityUpdate;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.Heartbeat;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.Leave;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Register;
import io.thespis.proto.v1.SourcesHeld;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This member's stream to the Convention Leader: register, heartbeats with load, capability updates up; the
 * directory down. When the leader is unreachable the member keeps running on its cached directory and retries
 * with capped exponential backoff, logging one line per change of state, not per attempt.
 */
final class LeaderLink {
    /** The first retry delay after losing the leader. */
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    /** The longest retry delay. */
    static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(LeaderLink.class.getName());

    private enum State { CONNECTING, CONNECTED, DISCONNECTED, CLOSED }

    /** The member's current load, for heartbeats. */
    interface Load {
        int actorCount();

        long mailboxBacklog();
    }

    /** What the leader says about loaded sources. */
    interface SourceNews {
        /** Joined: {@code loaded} are the sources of the Convention; copies of any other are stale. */
        void loadedSources(List<String> loaded);

        /** Source {@code hash} was unloaded. */
        void unloaded(String hash);

        /** The sources this member holds, to report after (re)joining. */
        List<String> held();
    }

    private final String leaderAddress;
    private final Supplier<MemberInfo> self;
    private final Load load;
    private final MemberDirectory directory;
    private final SourceNews sources;
    private final ScheduledExecutorService scheduler;
    private final ManagedChannel channel;
    private State state = State.CONNECTING;
    private ClientCallStreamObserver<MemberUp> stream;
    private ScheduledFuture<?> heartbeats;
    private Duration nextRetry = FIRST_RETRY;
    private long generationSent;

    LeaderLink(String leaderAddress, Supplier<MemberInfo> self, Load load, MemberDirectory directory,
               SourceNews sources, ScheduledExecutorService scheduler) {
        this.leaderAddress = leaderAddress;
        this.self = self;
        this.load = load;
        this.directory = directory;
        this.sources = sources;
        this.scheduler = scheduler;
        this.channel = NettyChannelBuilder.forTarget(leaderAddress).usePlaintext()
                .maxInboundMessageSize(TransportService.MAX_FRAME_BYTES).build();
    }

    /** The channel to the leader, for calls besides the membership stream (such as its source store). */
    ManagedChannel channel() {
        return channel;
    }

    /** Opens the stream; failures are retried in the background. */
    synchronized void start() {
        connect();
    }

    private void connect() {
        if (state == State.CLOSED) {
            return;
        }
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
                lost(own, error.getMessage());
            }

            @Override
            public void onCompleted() {
                lost(own, "the leader ended the stream");
            }
        });
        MemberInfo info = self.get();
        generationSent = info.getGeneration();
        stream.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION).setMember(info)).build());
    }

    private synchronized void received(ClientCallStreamObserver<MemberUp> from, LeaderDown down) {
        if (from != stream) {
            return;
        }
        switch (down.getKindCase()) {
            case WELCOME -> {
                if (state != State.CONNECTED) {
                    LOG.log(Level.INFO, "joined the Convention led by " + leaderAddress);
                }
                state = State.CONNECTED;
                nextRetry = FIRST_RETRY;
                long interval = Math.max(10, down.getWelcome().getHeartbeatIntervalMs());
                cancelHeartbeats();
                heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
                MemberInfo info = self.get();
                if (info.getGeneration() > generationSent) {
                    sendCapabilities(info);
                }
                sources.loadedSources(down.getWelcome().getLoadedSourcesList());
                sendSourcesHeld();
            }
            case SOURCE_UNLOADED -> sources.unloaded(down.getSourceUnloaded().getHash());
            case SNAPSHOT -> directory.applySnapshot(down.getSnapshot().getMembersList());
            case DELTA -> directory.applyDelta(down.getDelta());
            case REFUSAL -> LOG.log(Level.ERROR, "the leader at " + leaderAddress + " refused this member: "
                    + down.getRefusal().getReason());
            default -> LOG.log(Level.WARNING, "ignored a " + down.getKindCase() + " from the leader");
        }
    }

    private synchronized void heartbeat() {
        if (state == State.CONNECTED) {
            send(MemberUp.newBuilder().setHeartbeat(Heartbeat.newBuilder().setActorCount(load.actorCount())
                    .setMailboxBacklog(load.mailboxBacklog())).build());
        }
    }

    /** Sends this member's new capabilities, or leaves them for the next registration when not connected. */
    synchronized void capabilitiesChanged() {
        if (state == State.CONNECTED) {
            sendCapabilities(self.get());
        }
    }

    /** Tells the leader which sources this member holds now, or leaves it for the next registration. */
    synchronized void sourcesChanged() {
        if (state == State.CONNECTED) {
            sendSourcesHeld();
        }
    }

    private void sendSourcesHeld() {
        send(MemberUp.newBuilder().setSourcesHeld(SourcesHeld.newBuilder().addAllHashes(sources.held())).build());
    }

    private void sendCapabilities(MemberInfo info) {
        generationSent = info.getGeneration();
        send(MemberUp.newBuilder().setCapabilityUpdate(CapabilityUpdate.newBuilder()
                .putAllCapabilities(info.getCapabilitiesMap()).setGeneration(info.getGeneration())).build());
    }

    private void send(MemberUp message) {
        try {
            stream.onNext(message);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "could not send to the leader: " + e);
        }
    }

    private synchronized void lost(ClientCallStreamObserver<MemberUp> from, String reason) {
        if (from != stream) {
            return;
        }
        cancelHeartbeats();
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CONNECTING) {
            LOG.log(Level.WARNING, "cannot reach the Convention Leader at " + leaderAddress + " (" + reason
                    + "); running alone and retrying every " + MAX_RETRY.toMillis() + " ms at most");
        } else if (state == State.CONNECTED) {
            LOG.log(Level.WARNING, "lost the Convention Leader at " + leaderAddress + " (" + reason + "); running "
                    + "on the cached directory and retrying every " + MAX_RETRY.toMillis() + " ms at most");
        }
        state = State.DISCONNECTED;
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        scheduler.schedule(this::retry, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void retry() {
        if (state == State.DISCONNECTED) {
            connect();
        }
    }

    private void cancelHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    /** Leaves the Convention and stops retrying. */
    synchronized void close() {
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        cancelHeartbeats();
        if (wasConnected) {
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
