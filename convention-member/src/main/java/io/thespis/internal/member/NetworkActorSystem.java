package io.thespis.internal.member;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.engine.Network;
import io.thespis.internal.engine.Recipient;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.internal.leader.LeaderSettings;
import io.thespis.internal.leader.SourceService;
import io.thespis.internal.leader.SourceStore;
import io.thespis.internal.source.LoadedSource;
import io.thespis.internal.source.SourcePolicy;
import io.thespis.actor.InvalidSourceException;
import io.thespis.internal.rules.Verdict;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.TransportGrpc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

    private final SystemIdentity identity;
    private final String leaderAddress;
    private final Server server;
    private final ConventionLeader leader;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService linkWriters;
    private final ExecutorService clientWork;
    private final ExecutorService serverWork;
    private final MemberDirectory directory;
    private final PeerLinks links;
    private final LocalActorSystem local;
    private final LeaderLink leaderLink;
    private final StateDirectory stateDirectory;
    private final SourceStore sourceStore;
    private final SourceService sourceService;
    private final long maxSourceBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MemberInfo self;

    private NetworkActorSystem(SystemSettings settings, ClassLoader actorClasses) throws IOException {
        String host = settings.advertise() != null ? settings.advertise() : DEFAULT_ADVERTISE;
        boolean leads = settings.conventionLeader() == null
                || settings.adminPort() != 0 && settings.conventionLeader().equals(host + ":" + settings.adminPort());
        LeaderSettings failureDetection = new LeaderSettings(settings.heartbeatInterval(), settings.memberTimeout());
        LocalActorSystem[] localHolder = new LocalActorSystem[1];
        MessageCodec codec = new MessageCodec(settings.messagePackages(), actorClasses,
                hash -> localHolder[0] == null ? null : localHolder[0].findSource(hash));
        SourcePolicy sourcePolicy = sourcePolicy(settings, host);
        this.maxSourceBytes = sourcePolicy.maxSourceBytes();
        this.stateDirectory = StateDirectory.open(settings.stateDirectory());
        this.sourceStore = new SourceStore(stateDirectory.path().resolve("sources"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> thread(task, "scheduler"));
        // Bounded: clients may ask for creations faster than placement answers them.
        this.clientWork = new ThreadPoolExecutor(0, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                task -> thread(task, "client-work"));
        String[] addressHolder = new String[1];
        this.leader = leads ? new ConventionLeader(() -> addressHolder[0], this::loadedSourceHashes, failureDetection,
                System::nanoTime) : null;
        this.sourceService = leads ? new SourceService(sourceStore, () -> new LeaderAdmission(localHolder[0]), leader,
                () -> addressHolder[0], maxSourceBytes) : null;
        // Bounded: gRPC's default executor grows a thread per call that waits, and a leader has a call per member.
        this.serverWork = Executors.newFixedThreadPool(SERVER_THREADS, task -> thread(task, "server"));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, settings.adminPort()))
                .executor(serverWork)
                .callExecutor(NetworkActorSystem::envelopesOnNetworkThreads)
                .maxInboundMessageSize(TransportService.MAX_FRAME_BYTES)
                .addService(new TransportService(() -> localHolder[0], codec, this::status, scheduler, serverWork,
                        new ClientSessions(() -> localHolder[0], () -> this, codec, settings.messagePackages(),
                                clientWork)));
        if (leader != null) {
            builder.addService(leader.serviceDefinition()).addService(sourceService);
        }
        try {
            this.server = builder.build().start();
        } catch (IOException e) {
            scheduler.shutdownNow();
            clientWork.shutdownNow();
            serverWork.shutdownNow();
            if (leader != null) {
                leader.close();
            }
            stateDirectory.close();
            throw new ActorSystemException("cannot listen on " + host + ":" + settings.adminPort() + ": "
                    + e.getMessage() + (settings.adminPort() != 0 ? " (is another system using that port?)" : ""), e);
        }
        String address = host + ":" + server.getPort();
        addressHolder[0] = address;
        this.identity = new SystemIdentity(address, System.currentTimeMillis());
        this.leaderAddress = leads ? address : settings.conventionLeader();
        this.self = MemberInfo.newBuilder().setAddress(address).setMemberId(address)
                .setIncarnation(identity.incarnation()).setGeneration(1)
                .putAllCapabilities(WireCapabilities.toWire(settings.capabilities())).build();
        this.linkWriters = Executors.newFixedThreadPool(2, task -> thread(task, "link-writer"));
        this.directory = new MemberDirectory(self, new DirectoryListener(),
                System::nanoTime, settings.memberTimeout().toNanos());
        this.links = new PeerLinks(identity.systemId(), codec, directory, linkWriters, this::undelivered);
        RemotePlacement placement = new RemotePlacement(directory, links, codec, System::nanoTime);
        this.local = LocalActorSystem.networked(identity.systemId(), settings.capabilities(), new Network() {
            @Override
            public Recipient route(ActorAddress remote) {
                return links.route(remote);
            }

            @Override
            public ActorAddress createElsewhere(Class<? extends Actor> actorClass, CreateOptions options,
                                                ActorAddress parent, String systemId, Verdict localVerdict) {
                return placement.create(actorClass, options, parent);
            }

            @Override
            public void capabilitiesChanged(Map<String, Object> capabilities, long generation) {
                selfChanged(capabilities, generation);
            }

            @Override
            public FetchedSource fetchSource(String hash) {
                return NetworkActorSystem.this.fetchSource(hash);
            }

            @Override
            public void sourcesChanged() {
                if (leaderLink != null) {
                    leaderLink.sourcesChanged();
                }
            }
        }, actorClasses, sourcePolicy);
        localHolder[0] = local;
        this.leaderLink = new LeaderLink(leaderAddress, this::currentSelf, new LeaderLink.Load() {
            @Override
            public int actorCount() {
                return local.actorCount();
            }

            @Override
            public long mailboxBacklog() {
                return local.mailboxBacklog();
            }
        }, directory, new SourceNewsHandler(), scheduler);
        if (sourceService != null) {
            sourceService.restore();
        }
        long interval = settings.heartbeatInterval().toNanos();
        scheduler.scheduleAtFixedRate(directory::expireUnconfirmed, interval, interval, TimeUnit.NANOSECONDS);
        leaderLink.start();
        LOG.log(Level.INFO, "system " + identity.systemId() + " listening on " + address
                + (leads ? " as the Convention Leader" : ", leader " + leaderAddress));
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
        try {
            return new NetworkActorSystem(settings, actorClasses);
        } catch (IOException e) {
            throw new ActorSystemException("cannot start the admin server: " + e.getMessage(), e);
        }
    }

    /**
     * The policy of {@code settings}; unvalidated sources are refused on a system other hosts can reach.
     *
     * @throws IllegalArgumentException when the development switch is on but {@code host} is not loopback
     */
    private static SourcePolicy sourcePolicy(SystemSettings settings, String host) {
        if (settings.sources().allowUnvalidated() && !isLoopback(host)) {
            throw new IllegalArgumentException("--allow-unvalidated-sources is for development on a loopback-only "
                    + "system, but this one advertises " + host + "; use --source-truststore FILE or a Source "
                    + "Authority actor instead");
        }
        return SourcePolicy.of(settings.sources());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private List<String> loadedSourceHashes() {
        LocalActorSystem system = local;
        return system == null ? List.of() : system.loadedSources().stream().map(LoadedSource::hash).toList();
    }

    /** A source this member does not hold: its own copy from an earlier fetch, else the leader's. */
    private Network.FetchedSource fetchSource(String hash) {
        if (leader != null) {
            throw new InvalidSourceException("unknown source " + hash + ": it is not loaded in the Convention led by "
                    + identity.address() + " (never loaded, or unloaded)");
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
                    local.forgetSource(hash);
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
                local.forgetSource(hash);
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

    /** This system's {@code host:port}. */
    public String adminAddress() {
        return identity.address();
    }

    private MemberInfo currentSelf() {
        return self.toBuilder().setActorCount(local.actorCount()).build();
    }

    private synchronized void selfChanged(Map<String, Object> capabilities, long generation) {
        self = self.toBuilder().clearCapabilities().putAllCapabilities(WireCapabilities.toWire(capabilities))
                .setGeneration(generation).build();
        directory.updateSelf(currentSelf());
        if (leaderLink != null) {
            leaderLink.capabilitiesChanged();
        }
    }

    private void undelivered(String targetSystem, PeerLink.Outbound outbound, String reason) {
        if (outbound.create() != null) {
            ActorAddress wouldBe = ActorAddress.of(targetSystem, outbound.create().getProposedId());
            ActorAddress parent = WireAddresses.fromWire(outbound.create().getParent());
            if (parent != null) {
                local.deliverFromRemote(parent, new ChildActorExited(wouldBe), wouldBe);
            }
        } else {
            local.deadLetter(outbound.target(), outbound.message(), outbound.sender());
        }
    }

    /** Turns directory changes into what actors see. */
    private final class DirectoryListener implements MemberDirectory.Listener {
        @Override
        public void upserted(MemberInfo member, Map<String, Object> capabilities) {
            if (local != null) {
                local.conventionChanged(new ActorSystemConventionUpdate(member.getAddress(), capabilities, true));
            }
        }

        @Override
        public void removed(String address, String systemId) {
            LOG.log(Level.INFO, "system " + address + " left the Convention");
            links.forget(systemId);
            if (local != null) {
                local.remoteSystemGone(systemId);
                local.conventionChanged(new ActorSystemConventionUpdate(address, Map.of(), false));
            }
        }
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass) {
        return local.createActor(actorClass);
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options) {
        return local.createActor(actorClass, options);
    }

    @Override
    public ActorAddress createActor(String className, CreateOptions options) {
        return local.createActor(className, options);
    }

    @Override
    public Object ask(ActorAddress target, Object message, Duration timeout) {
        return local.ask(target, message, timeout);
    }

    @Override
    public CompletableFuture<Object> askAsync(ActorAddress target, Object message, Duration timeout) {
        return local.askAsync(target, message, timeout);
    }

    @Override
    public void tell(ActorAddress target, Object message) {
        local.tell(target, message);
    }

    @Override
    public Object listen(Duration timeout) {
        return local.listen(timeout);
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
        local.updateCapability(name, valueOrNullToRemove);
    }

    @Override
    public SystemStatus status() {
        SystemStatus here = local.status();
        List<MemberStatus> members = new ArrayList<>();
        for (MemberStatus member : directory.members()) {
            members.add(member.adminAddress().equals(identity.address())
                    ? new MemberStatus(member.adminAddress(), here.capabilities(), local.generation(), here.actorCount())
                    : member);
        }
        return new SystemStatus(identity.address(), here.capabilities(), leaderAddress, members, here.actorCount(),
                here.loadedSources(), here.counters());
    }

    @Override
    public void shutdown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        local.shutdown();
        links.close();
        leaderLink.close();
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
        if (leader != null) {
            leader.close();
        }
        stateDirectory.close();
        LOG.log(Level.INFO, "system " + identity.systemId() + " stopped");
    }

    @Override
    public String toString() {
        return "ActorSystem[NETWORK " + identity.systemId() + "]";
    }
}
