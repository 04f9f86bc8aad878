package io.thespis.internal.member;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.ServerCall;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;
import io.thespis.actor.Timing;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.engine.Network;
import io.thespis.internal.engine.Recipient;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.internal.leader.CapabilityLimits;
import io.thespis.internal.leader.SourceService;
import io.thespis.internal.leader.SourceStore;
import io.thespis.internal.member.client.ClientSessions;
import io.thespis.internal.member.logging.WarningForwarding;
import io.thespis.internal.member.logging.WarningOutbox;
import io.thespis.internal.member.membership.GlobalNameClient;
import io.thespis.internal.member.membership.LeaderLink;
import io.thespis.internal.member.membership.ProcessProbe;
import io.thespis.internal.member.metrics.MemberMetrics;
import io.thespis.internal.member.membership.MemberDirectory;
import io.thespis.internal.member.sources.SourceClient;
import io.thespis.internal.member.sources.StateDirectory;
import io.thespis.internal.member.security.Authorization;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.internal.member.transport.PeerLink;
import io.thespis.internal.member.transport.PeerLinks;
import io.thespis.internal.member.transport.TransportPolicy;
import io.thespis.internal.member.transport.TransportService;
import io.thespis.internal.membership.SystemIdentity;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.internal.member.wire.WireCapabilities;
import io.thespis.internal.member.wire.WireErrors;
import io.thespis.internal.member.wire.WireStatus;
import io.thespis.internal.rules.Verdict;
import io.thespis.internal.source.LoadedSource;
import io.thespis.internal.source.SourcePolicy;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.NameBinding;
import io.thespis.proto.v1.StatusReply;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.TransportGrpc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link io.thespis.actor.SystemBase#NETWORK} system: the in-process engine, plus a gRPC admin server (the
 * transport other systems call, and the leader role when this system is the leader), a stream to the leader, a
 * cached directory of the Convention and links to the other members.
 *
 * <p>The leader is the system whose advertised {@code host:port} is the configured leader, or any system
 * configured without one (a Convention of its own that others may join).
 */
public final class NetworkActorSystem implements ActorSystem {
    /** Where a system listens when no {@code advertise} host is given: loopback only, safe by default. */
    public static final String DEFAULT_ADVERTISE = "127.0.0.1";

    private static final System.Logger LOG = System.getLogger(NetworkActorSystem.class.getName());
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final int SERVER_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** How long another member may take to tell the status of one of its actors. */
    private static final Duration STATUS_DEADLINE = Duration.ofSeconds(10);

    private final ClassLoader actorClasses;
    private final SourcePolicy sourcePolicy;
    private final MessageCodec codec;
    private final String address;
    private final String leaderAddress;
    private final GrpcEndpoints endpoints;
    private final Authorization authorization = new Authorization(System::nanoTime);
    private final ProcessProbe probe = new ProcessProbe();
    private final StartGate gate = new StartGate();
    /** gRPC health: SERVING while joined; NOT_SERVING before, while the leader is lost, and once stopping. */
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;
    private final ConventionLeader leader;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService linkWriters;
    private final ExecutorService clientWork;
    private final ExecutorService serverWork;
    private final ClientSessions clients;
    private final TransportService transport;
    private final Duration heartbeatInterval;
    private final Duration memberTimeout;
    private final MemberDirectory directory;
    private final LeaderLink leaderLink;
    /** What this member logs at WARNING and above, for the leader's log; {@code null} on the leader itself. */
    private final WarningOutbox warnings;
    private final AutoCloseable forwarding;
    private final GlobalNameClient names;
    private final MemberMetrics metrics;
    private final StateDirectory stateDirectory;
    private final SourceStore sourceStore;
    private final SourceService sourceService;
    private final long maxSourceBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Grows with every registration and capability change: orders this member's news (MemberInfo.version). */
    private final AtomicLong version = new AtomicLong();
    /** What this process is in the Convention now; replaced when it is declared gone and rejoins. */
    private volatile Incarnation current;

    /**
     * One incarnation of this member: its identity, its actors and its links. When the Convention declares it gone
     * (a pause or a partition outlasted the member timeout), its actors were reported exited to everyone, so it
     * stops them and this process rejoins as a new incarnation with a new identity (Pekko's quarantine).
     */
    private final class Incarnation {
        final SystemIdentity identity;
        final LocalActorSystem local;
        final PeerLinks links;
        final RemotePlacement placement;
        volatile boolean retired;

        Incarnation(SystemIdentity identity, Map<String, Object> capabilities) {
            this.identity = identity;
            this.links = new PeerLinks(identity.systemId(), codec, directory::goneReason, scheduler, linkWriters,
                    endpoints, new LinkListener(this), System::nanoTime, heartbeatInterval, memberTimeout);
            this.placement = new RemotePlacement(directory, links, codec, System::nanoTime, metrics::placed);
            this.local = LocalActorSystem.networked(identity.systemId(), capabilities, new IncarnationNetwork(this),
                    actorClasses, sourcePolicy);
        }
    }

    /** What an incarnation's peer links tell it. */
    private final class LinkListener implements PeerLink.Listener {
        private final Incarnation incarnation;

        LinkListener(Incarnation incarnation) {
            this.incarnation = incarnation;
        }

        @Override
        public void undelivered(String targetSystem, PeerLink.Outbound outbound, String reason) {
            LocalActorSystem local = incarnation.local;
            if (outbound.create() != null) {
                ActorAddress wouldBe = ActorAddress.of(targetSystem, outbound.create().getProposedId());
                ActorAddress parent = WireAddresses.fromWire(outbound.create().getParent());
                if (parent != null) {
                    local.deliverFromRemote(parent, new ChildActorExited(wouldBe), wouldBe);
                }
            } else if (outbound.message() != null) {
                local.deadLetter(outbound.target(), outbound.message(), outbound.sender(), reason);
            }
            // Else a notice that an ask failed, to a system now gone itself: nobody waits for it any more.
        }

        @Override
        public void declaredGone(String reason) {
            quarantine(incarnation, reason);
        }

        @Override
        public void streamFailed(String targetSystem) {
            probeProcessOf(targetSystem);
        }
    }

    /**
     * A link to or from {@code system} failed: if its port is closed, its process is gone, and it leaves this
     * directory at once (the leader, told by its own stream, soon tells everyone).
     */
    private void probeProcessOf(String system) {
        SystemIdentity peer = SystemIdentity.parse(system);
        if (peer != null) {
            probe.probe(peer.address(), () -> directory.removeHere(peer.address(), peer.incarnation(),
                    "its process is gone (a link to it failed and its port refuses connections)"));
        }
    }

    /** What an incarnation's engine sees of the network: nothing once the incarnation is retired. */
    private final class IncarnationNetwork implements Network {
        private final Incarnation incarnation;

        IncarnationNetwork(Incarnation incarnation) {
            this.incarnation = incarnation;
        }

        @Override
        public Recipient route(ActorAddress remote) {
            return incarnation.retired ? null : incarnation.links.route(remote);
        }

        @Override
        public ActorAddress createElsewhere(Class<? extends Actor> actorClass, CreateOptions options,
                                            ActorAddress parent, String systemId, Verdict localVerdict) {
            return incarnation.placement.create(actorClass, options, parent);
        }

        /** The leader's limits, checked here so that a change beyond them fails its caller, not the membership. */
        @Override
        public void checkCapabilities(Map<String, Object> capabilities) {
            String violation = CapabilityLimits.violation(WireCapabilities.toWire(capabilities));
            if (violation != null) {
                throw new IllegalArgumentException("refused a capability change: this member would publish "
                        + violation);
            }
        }

        @Override
        public void capabilitiesChanged(Map<String, Object> capabilities, long generation) {
            if (!incarnation.retired) {
                selfChanged(capabilities, generation);
            }
        }

        @Override
        public FetchedSource fetchSource(String hash) {
            return NetworkActorSystem.this.fetchSource(hash);
        }

        @Override
        public void sourcesChanged() {
            if (!incarnation.retired && leaderLink != null) {
                leaderLink.sourcesChanged();
            }
        }

        @Override
        public ActorAddress lookupGlobalName(String name) {
            return names.lookup(name);
        }

        @Override
        public ActorAddress bindGlobalName(String name, ActorAddress actor) {
            return names.bind(name, actor);
        }

        @Override
        public void releaseGlobalName(String name, ActorAddress actor) {
            if (!incarnation.retired) {
                names.release(name, actor);
            }
        }

        @Override
        public void askUndeliverable(ActorAddress ask, ActorAddress target, String reason) {
            if (!incarnation.retired) {
                incarnation.links.askUndeliverable(ask, target, reason);
            }
        }

        @Override
        public Collection<ActorSystemConventionUpdate> currentMembers() {
            return directory.members().stream().filter(member -> !member.adminAddress().equals(address))
                    .map(member -> new ActorSystemConventionUpdate(member.adminAddress(), member.capabilities(), true))
                    .toList();
        }
    }

    /**
     * Assembles the member bottom-up. The server is bound first only to learn its port (the member's address is
     * part of its identity), and its gate refuses every call until the member is whole; the leader link starts
     * last.
     */
    private NetworkActorSystem(SystemSettings settings, ClassLoader actorClasses) {
        this.actorClasses = actorClasses;
        String host = settings.advertise() != null ? settings.advertise() : DEFAULT_ADVERTISE;
        boolean leads = settings.conventionLeader() == null
                || settings.adminPort() != 0 && settings.conventionLeader().equals(host + ":" + settings.adminPort());
        this.codec = new MessageCodec(settings.messagePackages(), actorClasses,
                hash -> current == null ? null : current.local.findSource(hash));
        this.endpoints = TransportPolicy.choose("this member", settings.tls(), settings.insecurePlaintext(),
                leads ? List.of(host) : List.of(host, hostOf(settings.conventionLeader())));
        this.sourcePolicy = sourcePolicy(settings, host);
        this.maxSourceBytes = sourcePolicy.maxSourceBytes();
        this.stateDirectory = StateDirectory.open(settings.stateDirectory());
        this.sourceStore = new SourceStore(stateDirectory.path().resolve("sources"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> thread(task, "scheduler"));
        // Bounded: clients may ask for creations faster than placement answers them.
        this.clientWork = new ThreadPoolExecutor(0, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                task -> thread(task, "client-work"));
        // Bounded: gRPC's default executor grows a thread per call that waits, and a leader has a call per member.
        this.serverWork = Executors.newFixedThreadPool(SERVER_THREADS, task -> thread(task, "server"));
        this.linkWriters = Executors.newFixedThreadPool(2, task -> thread(task, "link-writer"));
        String[] boundAddress = new String[1];
        this.leader = leads ? new ConventionLeader(() -> boundAddress[0], this::loadedSourceHashes,
                new Timing(settings.heartbeatInterval(), settings.memberTimeout()), System::nanoTime) : null;
        this.sourceService = leads ? new SourceService(sourceStore, () -> new LeaderAdmission(current.local), leader,
                () -> boundAddress[0], maxSourceBytes) : null;
        this.heartbeatInterval = settings.heartbeatInterval();
        this.memberTimeout = settings.memberTimeout();
        this.clients = new ClientSessions(() -> current.local, () -> this, codec, settings.messagePackages(),
                clientWork);
        this.transport = new TransportService(() -> current.local, codec, new TransportService.StatusSource() {
                    @Override
                    public SystemStatus status() {
                        return NetworkActorSystem.this.status();
                    }

                    @Override
                    public CompletableFuture<ActorStatus> actorStatus(ActorAddress actor) {
                        try {
                            return actorStatusLater(actor);
                        } catch (RuntimeException e) {
                            return CompletableFuture.failedFuture(e);
                        }
                    }
                },
                this::goneReason, scheduler, serverWork, heartbeatInterval.dividedBy(4),
                clients, this::probeProcessOf);
        health.setStatus("", ServingStatus.NOT_SERVING);
        this.server = bind(host, settings.adminPort());
        this.address = host + ":" + server.getPort();
        boundAddress[0] = address;
        this.leaderAddress = leads ? address : settings.conventionLeader();
        this.metrics = new MemberMetrics(address, new MeteredMember(), host, settings.metricsPort());
        SystemIdentity identity = new SystemIdentity(address, System.currentTimeMillis());
        this.directory = new MemberDirectory(selfInfo(identity, settings.capabilities(), 1, version.incrementAndGet()),
                new DirectoryListener(), System::nanoTime);
        this.current = new Incarnation(identity, settings.capabilities());
        this.warnings = leads ? null : new WarningOutbox(System::nanoTime);
        this.forwarding = leads ? () -> { } : WarningForwarding.register(address, warnings);
        this.leaderLink = new LeaderLink(leaderAddress, endpoints, probe, new LinkedMember(), directory,
                new SourceNewsHandler(), scheduler, System::nanoTime, settings.heartbeatInterval(), settings.memberTimeout(),
                warnings);
        this.names = new GlobalNameClient(leaderLink::channel, leaderAddress, clientWork);
        if (sourceService != null) {
            sourceService.restore();
        }
        gate.open();
        try {
            metrics.serve();
        } catch (ActorSystemException e) {
            shutdown();
            throw e;
        }
        leaderLink.start();
        LOG.log(Level.INFO, "system " + identity.systemId() + " listening on " + address
                + (leads ? " as the Convention Leader" : ", leader " + leaderAddress));
    }

    private Server bind(String host, int port) {
        NettyServerBuilder builder = endpoints.server(new InetSocketAddress(host, port))
                .executor(serverWork)
                .callExecutor(NetworkActorSystem::envelopesOnNetworkThreads);
        if (endpoints.authenticated()) {
            builder.intercept(authorization);
        }
        builder.intercept(gate)
                .addService(transport)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        if (leader != null) {
            builder.addService(leader.serviceDefinition()).addService(sourceService);
        }
        try {
            return builder.build().start();
        } catch (IOException e) {
            scheduler.shutdownNow();
            clientWork.shutdownNow();
            serverWork.shutdownNow();
            linkWriters.shutdownNow();
            if (leader != null) {
                leader.close();
            }
            stateDirectory.close();
            throw new ActorSystemException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + (port != 0 ? " (is another system using that port?)" : ""), e);
        }
    }

    private static MemberInfo selfInfo(SystemIdentity identity, Map<String, Object> capabilities, long generation,
                                       long version) {
        return MemberInfo.newBuilder().setAddress(identity.address()).setMemberId(identity.address())
                .setIncarnation(identity.incarnation()).setGeneration(generation).setVersion(version)
                .putAllCapabilities(WireCapabilities.toWire(capabilities)).build();
    }

    /** This member as the leader link registers it. */
    private final class LinkedMember implements LeaderLink.Member {
        @Override
        public MemberInfo register() {
            return self(version.incrementAndGet());
        }

        @Override
        public MemberInfo current() {
            return self(version.get());
        }

        @Override
        public List<NameBinding> names() {
            List<NameBinding> bindings = new ArrayList<>();
            current.local.globalNames().forEach((name, actor) -> bindings.add(NameBinding.newBuilder().setName(name)
                    .setSystem(actor.system()).setActorId(actor.actorId()).build()));
            return bindings;
        }

        @Override
        public int actorCount() {
            return current.local.actorCount();
        }

        @Override
        public long mailboxBacklog() {
            return current.local.mailboxBacklog();
        }

        @Override
        public void declaredGone(String reason) {
            quarantine(current, reason);
        }

        @Override
        public void joined(boolean joined) {
            if (!closed.get()) {
                health.setStatus("", joined ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
            }
        }
    }

    private MemberInfo self(long atVersion) {
        Incarnation now = current;
        return selfInfo(now.identity, now.local.capabilities(), now.local.generation(), atVersion).toBuilder()
                .setActorCount(now.local.actorCount()).build();
    }

    /**
     * Starts a networked system with {@code settings}.
     *
     * @throws ActorSystemException when the admin port cannot be bound
     */
    public static NetworkActorSystem start(SystemSettings settings) {
        return start(settings, NetworkActorSystem.class.getClassLoader());
    }

    /**
     * Starts a networked system with {@code settings} whose actor classes, and the message classes they exchange,
     * come from {@code actorClasses} (the daemon's {@code --classpath}).
     *
     * @throws ActorSystemException when the admin port cannot be bound
     */
    public static NetworkActorSystem start(SystemSettings settings, ClassLoader actorClasses) {
        return new NetworkActorSystem(settings, actorClasses);
    }

    /**
     * The policy of {@code settings}; unvalidated sources are refused on a system other hosts can reach.
     *
     * @throws IllegalArgumentException when the development switch is on but {@code host} is not loopback
     */
    private static SourcePolicy sourcePolicy(SystemSettings settings, String host) {
        if (settings.sources().allowUnvalidated() && !TransportPolicy.isLoopback(host)) {
            throw new IllegalArgumentException("--allow-unvalidated-sources is for development on a loopback-only "
                    + "system, but this one advertises " + host + "; use --source-truststore FILE or a Source "
                    + "Authority actor instead");
        }
        return SourcePolicy.of(settings.sources());
    }

    /** The host of {@code hostPort}. */
    private static String hostOf(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private List<String> loadedSourceHashes() {
        Incarnation now = current;
        LocalActorSystem system = now == null ? null : now.local;
        return system == null ? List.of() : system.loadedSources().stream().map(LoadedSource::hash).toList();
    }

    /** A source this member does not hold: its own copy from an earlier fetch, else the leader's. */
    private Network.FetchedSource fetchSource(String hash) {
        if (leader != null) {
            throw new InvalidSourceException("unknown source " + hash + ": it is not loaded in the Convention led by "
                    + address + " (never loaded, or unloaded)");
        }
        if (sourceStore.contains(hash)) {
            try {
                return new Network.FetchedSource(sourceStore.read(hash), "the leader " + leaderAddress
                        + " (a copy kept from an earlier fetch)");
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read the kept copy of source " + hash + "; fetching it again: " + e);
            }
        }
        byte[] jar = new SourceClient(leaderLink.channel(), leaderAddress).fetch(hash, maxSourceBytes);
        sourceStore.put(hash, jar);
        LOG.log(Level.INFO, "fetched source " + hash + " (" + jar.length + " bytes) from the leader " + leaderAddress);
        return new Network.FetchedSource(jar, "the leader " + leaderAddress);
    }

    /** The leader's news about sources: copies this member must drop, and what to report it holds. */
    private final class SourceNewsHandler implements LeaderLink.SourceNews {
        @Override
        public void loadedSources(List<String> loaded) {
            if (leader != null) {
                return;
            }
            Set<String> current = Set.copyOf(loaded);
            for (String hash : loadedSourceHashes()) {
                if (!current.contains(hash)) {
                    NetworkActorSystem.this.current.local.forgetSource(hash);
                }
            }
            List<String> deleted = sourceStore.retainOnly(current);
            if (!deleted.isEmpty()) {
                LOG.log(Level.INFO, "dropped copies of " + deleted.size() + " sources the Convention no longer has");
            }
        }

        @Override
        public void unloaded(String hash) {
            if (leader == null) {
                current.local.forgetSource(hash);
                sourceStore.remove(hash);
            }
        }

        @Override
        public List<String> held() {
            return loadedSourceHashes();
        }
    }

    /** The leader's own system, admitting the sources loaded into the Convention. */
    private record LeaderAdmission(LocalActorSystem system) implements SourceService.Admission {
        @Override
        public LoadedSource admit(byte[] jar) {
            return system.loadSource(jar);
        }

        @Override
        public boolean forget(String hash) {
            return system.forgetSource(hash);
        }

        @Override
        public List<LoadedSource> loaded() {
            return system.loadedSources();
        }
    }

    /**
     * Envelope streams are read on the network thread that received them, which saves a thread hop per message
     * (the transport hands anything that may wait to {@code serverWork}); every other call runs on
     * {@code serverWork}.
     */
    private static Executor envelopesOnNetworkThreads(ServerCall<?, ?> call, Metadata headers) {
        return call.getMethodDescriptor().getFullMethodName().equals(TransportGrpc.getDeliverMethod().getFullMethodName())
                ? Runnable::run : null;
    }

    private static Thread thread(Runnable task, String role) {
        Thread thread = new Thread(task, "thespis-net-" + role + "-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /** Why the system {@code systemId} is gone, or {@code null}; the transport refuses streams from such senders. */
    private String goneReason(String systemId) {
        return directory.goneReason(systemId);
    }

    /** This system's {@code host:port}. */
    public String adminAddress() {
        return address;
    }

    /** What the metrics read of this member. */
    private final class MeteredMember implements MemberMetrics.Sources {
        @Override
        public LocalActorSystem local() {
            return current.local;
        }

        @Override
        public int membersLive() {
            return directory.members().size();
        }

        @Override
        public long sentRemote() {
            return current.links.sent();
        }

        @Override
        public long linkQueuedBytes() {
            return current.links.queuedBytes();
        }

        @Override
        public long leaderSilenceMillis() {
            return leaderLink.silenceMillis();
        }

        @Override
        public Map<String, Long> refusals() {
            Map<String, Long> all = new HashMap<>(transport.refusals());
            clients.refusals().forEach((kind, count) -> all.merge(kind, count, Long::sum));
            authorization.refusals().forEach((kind, count) -> all.merge(kind, count, Long::sum));
            return all;
        }
    }

    /** The port Prometheus metrics are served on ({@code /metrics}), or -1 when they are not. */
    public int metricsPort() {
        return metrics.port();
    }

    private synchronized void selfChanged(Map<String, Object> capabilities, long generation) {
        metrics.capabilityUpdated();
        Incarnation now = current;
        directory.updateSelf(selfInfo(now.identity, capabilities, generation, version.incrementAndGet()).toBuilder()
                .setActorCount(now.local.actorCount()).build());
        if (leaderLink != null) {
            leaderLink.capabilitiesChanged();
        }
    }

    /**
     * The Convention declared incarnation {@code gone} of this member gone: its peers dead-lettered what was sent
     * to its actors and told their parents they exited. To keep that story true, its actors are stopped and this
     * process becomes a new incarnation (new actor addresses), which the leader link registers next. Clients
     * attached to the old one are disconnected, since replies to their addresses could never arrive.
     */
    private void quarantine(Incarnation gone, String reason) {
        Incarnation next;
        synchronized (this) {
            if (gone != current || gone.retired || closed.get()) {
                return;
            }
            gone.retired = true;
            SystemIdentity identity = new SystemIdentity(address,
                    Math.max(gone.identity.incarnation() + 1, System.currentTimeMillis()));
            next = new Incarnation(identity, gone.local.capabilities());
            current = next;
            directory.updateSelf(self(version.incrementAndGet()));
        }
        LOG.log(Level.WARNING, "this member (" + gone.identity.systemId() + ") was declared gone (" + reason
                + "): its " + gone.local.actorCount() + " actors are stopped and it rejoins as "
                + next.identity.systemId());
        clients.endAll("the member " + address + " was declared gone by the Convention (" + reason + ") and rejoined "
                + "as a new incarnation; reconnect");
        gone.links.retire("this member (" + gone.identity.systemId() + ") was declared gone (" + reason
                + "): delivery unknown");
        Thread stopper = new Thread(gone.local::shutdown, "thespis-net-quarantine");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Turns directory changes into what actors see. */
    private final class DirectoryListener implements MemberDirectory.Listener {
        @Override
        public void upserted(MemberInfo member, Map<String, Object> capabilities) {
            Incarnation now = current;
            if (now != null) {
                now.local.conventionChanged(new ActorSystemConventionUpdate(member.getAddress(), capabilities, true));
            }
        }

        @Override
        public void removed(String address, String systemId, String reason) {
            LOG.log(Level.INFO, "system " + systemId + " left the Convention: " + reason);
            Incarnation now = current;
            if (now != null) {
                now.links.forget(systemId, reason);
                transport.senderGone(systemId);
                now.local.remoteSystemGone(systemId, reason);
                now.local.conventionChanged(new ActorSystemConventionUpdate(address, Map.of(), false));
            }
        }

        @Override
        public void declaredGone(String reason) {
            Incarnation now = current;
            if (now != null) {
                quarantine(now, reason);
            }
        }
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass) {
        return current.local.createActor(actorClass);
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options) {
        return current.local.createActor(actorClass, options);
    }

    @Override
    public ActorAddress createActor(String className, CreateOptions options) {
        return current.local.createActor(className, options);
    }

    @Override
    public Object ask(ActorAddress target, Object message, Duration timeout) {
        return current.local.ask(target, message, timeout);
    }

    @Override
    public CompletableFuture<Object> askAsync(ActorAddress target, Object message, Duration timeout) {
        return current.local.askAsync(target, message, timeout);
    }

    @Override
    public void tell(ActorAddress target, Object message) {
        current.local.tell(target, message);
    }

    @Override
    public Object listen(Duration timeout) {
        return current.local.listen(timeout);
    }

    /** Loads {@code jar} into the Convention: the leader validates and keeps it; members fetch it when needed. */
    @Override
    public String loadActorSource(Path jar) {
        byte[] bytes = LocalActorSystem.readSource(jar, maxSourceBytes);
        return sourceService != null ? sourceService.load(bytes).hash()
                : new SourceClient(leaderLink.channel(), leaderAddress).load(bytes).getHash();
    }

    /** Unloads {@code sourceHash} from the whole Convention. */
    @Override
    public void unloadActorSource(String sourceHash) {
        if (sourceService != null) {
            sourceService.unload(sourceHash);
        } else {
            new SourceClient(leaderLink.channel(), leaderAddress).unload(sourceHash);
        }
    }

    @Override
    public void updateCapability(String name, Object valueOrNullToRemove) {
        current.local.updateCapability(name, valueOrNullToRemove);
    }

    @Override
    public SystemStatus status() {
        LocalActorSystem local = current.local;
        SystemStatus here = local.status();
        List<MemberStatus> members = new ArrayList<>();
        for (MemberStatus member : directory.members()) {
            members.add(member.adminAddress().equals(address)
                    ? new MemberStatus(member.adminAddress(), here.capabilities(), local.generation(), here.actorCount())
                    : member);
        }
        return new SystemStatus(address, here.capabilities(), leaderAddress, members, here.actorCount(),
                here.loadedSources(), counters(here.counters()), here.actors(), here.globalNames(), here.pendingWakeups(),
                here.sourceAuthority());
    }

    /** The engine's counters and, on a member that forwards its warnings, how many were and were not. */
    private Map<String, Long> counters(Map<String, Long> engine) {
        if (warnings == null) {
            return engine;
        }
        Map<String, Long> all = new HashMap<>(engine);
        all.put("warningsForwarded", warnings.forwarded());
        all.put("warningsNotForwarded", warnings.notForwarded());
        return all;
    }

    /** {@inheritDoc} An actor of another member is asked of that member. */
    @Override
    public ActorStatus actorStatus(ActorAddress actor) {
        try {
            return actorStatusLater(actor).get(STATUS_DEADLINE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException reported ? reported
                    : new ActorSystemException("cannot get the status of " + actor + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new ActorSystemException("the member of " + actor + " did not tell its status within "
                    + STATUS_DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorSystemException("interrupted while asking for the status of " + actor);
        }
    }

    /**
     * The status of {@code actor}: at once when it lives here, else asked of its member without blocking (the
     * Status call of an operator never holds a server thread while another member answers).
     */
    private CompletableFuture<ActorStatus> actorStatusLater(ActorAddress actor) {
        if (actor == null) {
            throw new IllegalArgumentException("actorStatus needs an actor address, got null");
        }
        Incarnation now = current;
        if (actor.system().equals(now.identity.systemId())) {
            return CompletableFuture.completedFuture(now.local.actorStatus(actor));
        }
        String gone = directory.goneReason(actor.system());
        SystemIdentity owner = SystemIdentity.parse(actor.system());
        if (gone == null && (owner == null || !actor.system().equals(directory.systemIdAt(owner.address())))) {
            gone = "its system " + actor.system() + " is not in the Convention";
        }
        if (gone != null) {
            return CompletableFuture.failedFuture(new ActorGoneException(actor, gone));
        }
        CompletableFuture<ActorStatus> answer = new CompletableFuture<>();
        TransportGrpc.newStub(now.links.channel(actor.system()))
                .withDeadlineAfter(STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.newBuilder().setActor(WireAddresses.toWire(actor)).build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(StatusReply reply) {
                                if (reply.hasActor()) {
                                    answer.complete(WireStatus.fromWire(reply.getActor()));
                                } else {
                                    answer.completeExceptionally(new ActorSystemException(actor.system()
                                            + " answered a request for the status of " + actor + " with "
                                            + reply.getKindCase()));
                                }
                            }

                            @Override
                            public void onError(Throwable failure) {
                                RuntimeException reported = failure instanceof StatusRuntimeException status
                                        ? WireErrors.carried(status) : null;
                                answer.completeExceptionally(reported != null ? reported
                                        : new ActorSystemException("cannot get the status of " + actor + " from "
                                        + owner.address() + ": " + Status.fromThrowable(failure), failure));
                            }

                            @Override
                            public void onCompleted() {
                                answer.completeExceptionally(new ActorSystemException(actor.system()
                                        + " did not answer a request for the status of " + actor));
                            }
                        });
        return answer;
    }

    /**
     * Stops in phases, as Pekko's coordinated shutdown does: take no new calls, leave the Convention (so peers
     * stop sending here and parents elsewhere learn their children exit), ask the actors to exit, tell the senders
     * what was delivered, then close the links, the leader's sessions, the clients', the server and the threads.
     */
    @Override
    public void shutdown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.enterTerminalState();
        gate.close();
        transport.acknowledgeAll();
        leaderLink.close();
        try {
            forwarding.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "ending the forwarding of warnings: " + e);
        }
        Incarnation last = current;
        last.local.shutdown();
        transport.finishInbound();
        last.links.close();
        if (leader != null) {
            leader.close();
        }
        clients.endAll("the member " + address + " is shutting down");
        scheduler.shutdownNow();
        clientWork.shutdownNow();
        linkWriters.shutdown();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
            linkWriters.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serverWork.shutdown();
        metrics.close();
        stateDirectory.close();
        LOG.log(Level.INFO, "system " + last.identity.systemId() + " stopped");
    }

    @Override
    public String toString() {
        return "ActorSystem[NETWORK " + current.identity.systemId() + "]";
    }
}
