package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemBase;
import io.thespis.actor.SystemStatus;

import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.source.LoadedSource;
import io.thespis.internal.source.SourceClassLoader;
import io.thespis.internal.source.SourcePolicy;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Not API: an actor system in this process, of the {@link SystemBase#SEQUENTIAL} or
 * {@link SystemBase#CONCURRENT} base. Obtain one through {@link ActorSystem#create()} or
 * {@link ActorSystem#builder()}.
 */
public final class LocalActorSystem implements ActorSystem {
    private static final System.Logger LOG = System.getLogger(LocalActorSystem.class.getName());
    private static final AtomicInteger SYSTEMS_STARTED = new AtomicInteger();
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final SystemBase base;
    private final ClassLoader actorClasses;
    private final Engine engine;
    private final Dispatcher dispatcher;
    private final OutsideInbox inbox;
    private final ActorAddress outside;

    private LocalActorSystem(SystemBase base, String systemId, Map<String, Object> capabilities,
                             Dispatcher dispatcher, Network network, ClassLoader actorClasses, SourcePolicy sources) {
        this.base = base;
        this.actorClasses = actorClasses;
        this.dispatcher = dispatcher;
        this.engine = new Engine(systemId, dispatcher, capabilities, network, sources, new SecureRandom());
        this.inbox = new OutsideInbox(this::inboxOverflowed);
        this.outside = engine.openInbox(inbox);
    }

    private void inboxOverflowed(Object message, ActorAddress sender) {
        LOG.log(Level.WARNING, "the outside inbox of " + engine.systemId() + " holds " + OutsideInbox.CAPACITY
                + " unread messages; call listen() to read them. Dropping one from " + sender);
        engine.deadLetter(outside, message, sender, "outside code's inbox is full (" + OutsideInbox.CAPACITY
                + " unread messages)");
    }

    /** A sequential system whose wakeups and timeouts follow {@code time}. */
    public static LocalActorSystem sequential(Map<String, Object> capabilities, TimeSource time,
                                              SourceSettings sources) {
        return new LocalActorSystem(SystemBase.SEQUENTIAL, newLocalSystemId(), capabilities,
                new SequentialDispatcher(time), Network.NONE, null, SourcePolicy.of(sources));
    }

    /** A concurrent system with one worker thread per available processor. */
    public static LocalActorSystem concurrent(Map<String, Object> capabilities, SourceSettings sources) {
        return concurrent(capabilities, Runtime.getRuntime().availableProcessors(), sources);
    }

    /** A concurrent system with {@code workerThreads} worker threads. */
    public static LocalActorSystem concurrent(Map<String, Object> capabilities, int workerThreads,
                                              SourceSettings sources) {
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + workerThreads);
        }
        SourcePolicy policy = SourcePolicy.of(sources);
        String systemId = newLocalSystemId();
        return new LocalActorSystem(SystemBase.CONCURRENT, systemId, capabilities,
                new ConcurrentDispatcher(systemId, workerThreads), Network.NONE, null, policy);
    }

    /**
     * The local part of a {@link SystemBase#NETWORK} system: concurrent, identified by {@code systemId}, reaching
     * other systems through {@code network}, loading actor classes named in creations with {@code actorClasses}.
     */
    public static LocalActorSystem networked(String systemId, Map<String, Object> capabilities, Network network,
                                             ClassLoader actorClasses, SourcePolicy sources) {
        return new LocalActorSystem(SystemBase.NETWORK, systemId, capabilities,
                new ConcurrentDispatcher(systemId, Runtime.getRuntime().availableProcessors()), network, actorClasses,
                sources);
    }

    private static String newLocalSystemId() {
        return "local-" + SYSTEMS_STARTED.incrementAndGet() + "@" + ProcessHandle.current().pid();
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass) {
        return createActor(actorClass, CreateOptions.none());
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options) {
        Objects.requireNonNull(actorClass, "actorClass");
        return created(engine.createActor(() -> ActorClass.of(actorClass), options(options), null));
    }

    @Override
    public ActorAddress createActor(String className, CreateOptions options) {
        CreateOptions given = options(options);
        return created(engine.createActor(() -> engine.actorClass(className, given, actorClassLoader()), given, null));
    }

    /** Where actor classes named in creations come from: the configured loader, else the caller's context. */
    private ClassLoader actorClassLoader() {
        if (actorClasses != null) {
            return actorClasses;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : LocalActorSystem.class.getClassLoader();
    }

    private static CreateOptions options(CreateOptions options) {
        return options == null ? CreateOptions.none() : options;
    }

    private ActorAddress created(ActorAddress address) {
        dispatcher.afterOutsideSend();
        return address;
    }

    /** An ask on its way: the slot its reply lands in, registered under the asker's address. */
    private record Asking(ReplySlot slot, ActorAddress asker) {
    }

    private Asking sendAsking(ActorAddress target, Object message) {
        engine.checkRunning();
        dispatcher.beforeOutsideSend();
        ReplySlot slot = new ReplySlot(inbox);
        ActorAddress asker = engine.openAsk(outside, target, slot);
        try {
            engine.send(target, message, asker);
        } catch (RuntimeException e) {
            engine.close(asker);
            throw e;
        }
        return new Asking(slot, asker);
    }

    @Override
    public Object ask(ActorAddress target, Object message, Duration timeout) {
        long timeoutNanos = timeoutNanos(timeout);
        Asking asking = sendAsking(target, message);
        try {
            dispatcher.await(asking.slot().reply(), timeoutNanos, engine.systemId().equals(target.system())
                    ? Dispatcher.ReplyExpected.LOCAL : Dispatcher.ReplyExpected.REMOTE);
            return asking.slot().close();
        } finally {
            engine.close(asking.asker());
        }
    }

    @Override
    public CompletableFuture<Object> askAsync(ActorAddress target, Object message, Duration timeout) {
        long timeoutNanos = timeoutNanos(timeout);
        Asking asking = sendAsking(target, message);
        return dispatcher.awaitAsync(asking.slot().reply(), timeoutNanos)
                .whenComplete((reply, error) -> engine.close(asking.asker()))
                .copy();
    }

    @Override
    public void tell(ActorAddress target, Object message) {
        engine.checkRunning();
        dispatcher.beforeOutsideSend();
        engine.send(target, message, outside);
        dispatcher.afterOutsideSend();
    }

    @Override
    public Object listen(Duration timeout) {
        long timeoutNanos = timeoutNanos(timeout);
        engine.checkRunning();
        CompletableFuture<Object> next = inbox.next();
        if (!next.isDone()) {
            dispatcher.await(next, timeoutNanos, Dispatcher.ReplyExpected.LOCAL);
        }
        return inbox.abandon(next);
    }

    private static long timeoutNanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more, got " + timeout);
        }
        return timeout.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    @Override
    public String loadActorSource(Path jar) {
        engine.checkRunning();
        return loadSource(readSource(jar, engine.sources().maxSourceBytes())).hash();
    }

    /**
     * The bytes of the jar at {@code jar}, refused before reading when over {@code maxBytes}.
     *
     * @throws InvalidSourceException naming the file when it is missing, unreadable or too large
     */
    public static byte[] readSource(Path jar, long maxBytes) {
        if (jar == null) {
            throw new InvalidSourceException("loadActorSource needs the path of a jar, got null");
        }
        try {
            long size = Files.size(jar);
            if (size > maxBytes) {
                throw new InvalidSourceException(jar + " is " + size + " bytes; the limit is " + maxBytes
                        + " bytes (set with --max-source-size)");
            }
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new InvalidSourceException("cannot read source " + jar + ": " + e);
        }
    }

    /**
     * Admits the jar {@code jar}: checked, validated by this system's authorities, then usable here.
     *
     * @throws InvalidSourceException saying why it was refused
     */
    public LoadedSource loadSource(byte[] jar) {
        return engine.sources().load(jar);
    }

    @Override
    public void unloadActorSource(String sourceHash) {
        if (!engine.sources().unload(sourceHash)) {
            throw new InvalidSourceException("unknown source " + sourceHash + ": it is not loaded in system "
                    + engine.systemId());
        }
    }

    /**
     * Makes source {@code hash} unusable here, as the leader asked; actors created from it live on.
     *
     * @return whether this system held it
     */
    public boolean forgetSource(String hash) {
        return engine.sources().unload(hash);
    }

    /** The source {@code hash} when this system holds it, for decoding its messages; never fetches. */
    public SourceClassLoader findSource(String hash) {
        return engine.sources().find(hash);
    }

    /** The sources this system holds, oldest first. */
    public List<LoadedSource> loadedSources() {
        return engine.sources().loaded();
    }

    @Override
    public void updateCapability(String name, Object valueOrNullToRemove) {
        engine.checkRunning();
        engine.updateCapability(name, valueOrNullToRemove);
        dispatcher.afterOutsideSend();
    }

    @Override
    public SystemStatus status() {
        Map<String, Object> capabilities = engine.capabilities();
        int actors = engine.actorCount();
        MemberStatus self = new MemberStatus(engine.systemId(), capabilities, engine.generation(), actors);
        List<String> sources = loadedSources().stream().map(LoadedSource::hash).toList();
        Engine.ActorCensus census = engine.census(SystemStatus.ACTORS_LISTED);
        Map<String, ActorAddress> names = new TreeMap<>(engine.globalNames()).entrySet().stream()
                .limit(SystemStatus.GLOBAL_NAMES_LISTED)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        return new SystemStatus(engine.systemId(), capabilities, null, List.of(self), actors, sources,
                counters(), census.busiest(), names, census.pendingWakeups(), engine.sourceAuthority());
    }

    /**
     * {@inheritDoc} A system on its own knows only its own actors; a networked one asks the actor's member.
     */
    @Override
    public ActorStatus actorStatus(ActorAddress actor) {
        if (actor == null) {
            throw new IllegalArgumentException("actorStatus needs an actor address, got null");
        }
        return engine.actorStatus(actor);
    }

    @Override
    public void shutdown() {
        if (!engine.beginShutdown()) {
            return;
        }
        dispatcher.await(engine.allExited(), SHUTDOWN_WAIT.toNanos(), Dispatcher.ReplyExpected.LATER);
        if (!engine.allExited().isDone()) {
            LOG.log(Level.WARNING, engine.actorCount() + " actors of " + engine.systemId() + " did not exit within "
                    + SHUTDOWN_WAIT.toSeconds() + " s; stopping their threads anyway");
        }
        for (Recipient pendingAsk : engine.pendingAsks()) {
            if (pendingAsk instanceof ReplySlot slot) {
                slot.release();
            }
        }
        inbox.releaseListeners();
        dispatcher.close();
    }

    /** This system's identity: the system part of its actors' addresses. */
    public String systemId() {
        return engine.systemId();
    }

    /**
     * Delivers a message that came from outside this system: from another system, from a connected client, or made
     * by the network layer on another system's behalf. The system's own messages that cannot be genuine when they
     * come from outside are refused here, counted and logged, never delivered: a {@code WakeupMessage},
     * {@code DeadEnvelope}, {@code ActorSystemConventionUpdate}, {@code ValidateSource} or {@code ValidatedSource}
     * (this system makes those for its own actors), and a {@code ChildActorExited} whose sender is not the child it
     * names. Exit requests, poison messages and application messages pass. See {@link ForgedMessages} for the rule
     * and how refusals are logged.
     */
    public void deliverFromRemote(ActorAddress target, Object message, ActorAddress sender) {
        String forged = ForgedMessages.whyRefusedFromOutside(message, sender);
        if (forged != null) {
            engine.forgeries().refused(message, sender, "sent to " + target + ": " + forged);
            return;
        }
        engine.send(target, message, sender);
    }

    /**
     * Creates an actor here for another system, under the id it proposed, after re-checking this system's
     * current capabilities; or returns the live actor of the options' global name, whatever the class name.
     *
     * @throws io.thespis.actor.NoCompatibleSystemForActor when this system no longer qualifies
     */
    public ActorAddress createForRemote(String className, CreateOptions options, ActorAddress parent, long proposedId) {
        CreateOptions given = options(options);
        return engine.createForRemote(() -> engine.actorClass(className, given, actorClassLoader()), given, parent,
                proposedId);
    }

    /**
     * Gives outside code (such as a connected client's session) an address of its own, delivering to {@code inbox}.
     * Messages reach it the same way whether their sender is an actor here or on another system.
     */
    public ActorAddress openInbox(Recipient inbox) {
        engine.checkRunning();
        return engine.openInbox(inbox);
    }

    /**
     * Gives one ask made from {@code inbox} (an address from {@link #openInbox}) to {@code target} an address of its
     * own, delivering to {@code reply} until it is closed with {@link #closeInbox}. After that, late replies to the
     * ask go to {@code inbox}, from an actor here or on another system alike, as this system's own asks' go to
     * {@code listen}. While it is open, {@code reply}'s {@link Recipient#askFailed} is called when the ask's message
     * cannot be delivered (it became a dead letter, or {@code target}'s system was declared gone), so the ask can
     * fail at once with {@link io.thespis.actor.ActorGoneException}.
     *
     * @throws IllegalArgumentException when {@code inbox} is not an open inbox of this system
     */
    public ActorAddress openAsk(ActorAddress inbox, ActorAddress target, Recipient reply) {
        engine.checkRunning();
        return engine.openAsk(inbox, target, reply);
    }

    /**
     * Takes an address given by {@link #openInbox} or {@link #openAsk} out of service: later messages to an ask go
     * to its inbox; later messages to an inbox (or to its asks) are dead letters.
     */
    public void closeInbox(ActorAddress address) {
        engine.close(address);
    }

    /**
     * Tells the actors with children on {@code system} that those exited, because that system is gone, and fails
     * every ask waiting for an actor there with {@link io.thespis.actor.ActorGoneException}, naming {@code reason}.
     * A networked system calls it once the Convention declared that system gone.
     */
    public void remoteSystemGone(String system, String reason) {
        engine.remoteSystemGone(system, reason);
    }

    /**
     * Another system says that the message the ask {@code ask} of this system sent to {@code target} could not be
     * delivered, for {@code reason}: the ask fails at once with {@link io.thespis.actor.ActorGoneException}, if it
     * still waits for {@code target}; otherwise the notice is ignored.
     */
    public void askUndeliverable(ActorAddress ask, ActorAddress target, String reason) {
        engine.askUndeliverable(ask, target, reason);
    }

    /** Tells the actors that asked for it about a change in the Convention. */
    public void conventionChanged(ActorSystemConventionUpdate update) {
        engine.conventionChanged(update);
    }

    /**
     * A dead letter for {@code message} to {@code target}, whose reason is not known
     * ({@value DeadEnvelope#UNDELIVERABLE}); see {@link #deadLetter(ActorAddress, Object, ActorAddress, String)}.
     */
    public void deadLetter(ActorAddress target, Object message, ActorAddress sender) {
        deadLetter(target, message, sender, DeadEnvelope.UNDELIVERABLE);
    }

    /**
     * A dead letter for {@code message} to {@code target}: the dead-letter handler's {@link DeadEnvelope} with
     * {@code reason} (such as "unreachable for 10 s", "backed up", "member gone"), or counted and logged.
     */
    public void deadLetter(ActorAddress target, Object message, ActorAddress sender, String reason) {
        engine.deadLetter(target, message, sender, reason);
    }

    /** The counters of {@link #status()}, without the rest of the status (which visits every actor). */
    public Map<String, Long> counters() {
        return engine.counterSnapshot();
    }

    /** The current capabilities, without the rest of the status. */
    public Map<String, Object> capabilities() {
        return engine.capabilities();
    }

    /** The number of the current capability set. */
    public long generation() {
        return engine.generation();
    }

    /** The global names of the actors living here, and who holds each. */
    public Map<String, ActorAddress> globalNames() {
        return engine.globalNames();
    }

    /** Dead letters so far, by cause, for metrics. */
    public Map<DeadLetterCause, Long> deadLettersByCause() {
        return engine.counters().deadLettersByCause();
    }

    /** Actor turns so far, for metrics. */
    public long turns() {
        return engine.counters().turns();
    }

    /** How many actors live here. */
    public int actorCount() {
        return engine.actorCount();
    }

    /** How many messages wait in this system's mailboxes. */
    public long mailboxBacklog() {
        return engine.counters().backlog();
    }

    @Override
    public String toString() {
        return "ActorSystem[" + base + " " + engine.systemId() + "]";
    }
}
