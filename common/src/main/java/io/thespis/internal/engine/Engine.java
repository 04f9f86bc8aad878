package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.CapabilityLoss;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.InternalAccess;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.WakeupMessage;
import io.thespis.internal.rules.ActorRequirements;
import io.thespis.internal.rules.PlacementRefusal;
import io.thespis.internal.rules.Verdict;
import io.thespis.internal.source.SourcePolicy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The actors of one system: creating them (after checking this system's capabilities against their class),
 * routing messages to them, retiring them, dead letters, wakeups and capability changes. The dispatcher decides
 * on which thread turns run; the engine is the same for every base.
 */
final class Engine {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    /** Why a message to an address of this system that names nothing here is a dead letter. */
    static final String NO_SUCH_ACTOR = "no such actor here: it exited, or never existed";
    /** Why a message queued for an actor that then exited is a dead letter. */
    static final String EXITED_WITH_MESSAGE_PENDING = "the actor exited before handling it";
    /** Why a message sent to an actor after it exited, with the address it had, is a dead letter. */
    static final String ACTOR_EXITED = "the actor has exited";
    /** Why a message to an actor of a system this one cannot reach is a dead letter. */
    static final String NO_ROUTE = "its system is not in the Convention (gone, or never known here)";

    private final String systemId;
    private final Dispatcher dispatcher;
    private final Counters counters = new Counters();
    private final ForgedMessages forgeries;
    private final Map<Long, Recipient> recipients = new ConcurrentHashMap<>();
    private final RandomGenerator random;
    private final AtomicInteger liveActors = new AtomicInteger();
    private final CompletableFuture<Void> allExited = new CompletableFuture<>();
    private final Object globalNamesLock = new Object();
    private final Map<String, ActorAddress> globalNames = new HashMap<>();
    private final Map<ActorAddress, Subscription> registrationSubscribers = new ConcurrentHashMap<>();
    /** Orders what subscribers receive: the members present when they subscribed, then each change. */
    private final Object registrationLock = new Object();
    private final AtomicBoolean firstDeadLetterLogged = new AtomicBoolean();
    private final ActorAddress systemAddress;
    private volatile Map<String, Object> capabilities;
    private volatile long generation = 1;
    private volatile ActorAddress deadLetterHandler;
    private volatile boolean shuttingDown;
    private final AtomicBoolean handlerAskedToExit = new AtomicBoolean();
    private final Network network;
    private final SourceRegistry sources;

    /**
     * An engine whose actors, inboxes and asks get ids drawn from {@code random}: a {@code SecureRandom} in every
     * system, so that an address cannot be guessed from others; a fixed source only in tests.
     */
    Engine(String systemId, Dispatcher dispatcher, Map<String, Object> capabilities, Network network,
           SourcePolicy sourcePolicy, RandomGenerator random) {
        this.systemId = systemId;
        this.random = random;
        this.forgeries = new ForgedMessages(systemId);
        this.dispatcher = dispatcher;
        this.network = network;
        this.sources = new SourceRegistry(this, sourcePolicy, network);
        this.capabilities = Map.copyOf(capabilities);
        this.systemAddress = openInbox((message, sender) ->
                LOG.log(Level.DEBUG, () -> "dropped a reply to the system itself from " + sender + ": " + message));
    }

    String systemId() {
        return systemId;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Counters counters() {
        return counters;
    }

    /** Where the system's own messages that cannot be genuine are refused and counted. */
    ForgedMessages forgeries() {
        return forgeries;
    }

    /** The status counters, those of refused forgeries included. */
    Map<String, Long> counterSnapshot() {
        Map<String, Long> values = counters.snapshot();
        values.put(ForgedMessages.COUNTER, forgeries.count());
        return values;
    }

    SourceRegistry sources() {
        return sources;
    }

    /**
     * The actor class {@code className}: from the loaded source {@code options} names, else from {@code loader}.
     *
     * @throws InvalidSourceException     when the source is not usable
     * @throws io.thespis.actor.InvalidActorSpecification when the class is missing or cannot be an actor
     */
    ActorClass actorClass(String className, CreateOptions options, ClassLoader loader) {
        return ActorClass.named(className, options.sourceHash() != null ? sources.loader(options.sourceHash()) : loader);
    }

    /** The sender of what the system itself sends, such as the exit requests of a shutdown. */
    ActorAddress systemAddress() {
        return systemAddress;
    }

    Map<String, Object> capabilities() {
        return capabilities;
    }

    /** The number of the current capability set; it grows with every change. */
    long generation() {
        return generation;
    }

    int actorCount() {
        return liveActors.get();
    }

    /**
     * The status of the actor at {@code actor}, when it lives here.
     *
     * @throws ActorGoneException when no actor of this system lives at that address
     */
    ActorStatus actorStatus(ActorAddress actor) {
        if (systemId.equals(actor.system()) && recipients.get(actor.actorId()) instanceof ActorCell cell
                && !cell.isTerminated()) {
            return cell.status(actor.equals(deadLetterHandler));
        }
        throw new ActorGoneException(actor, systemId.equals(actor.system()) ? NO_SUCH_ACTOR
                : "it is not an actor of " + systemId + " but of " + actor.system());
    }

    /** What the system status says of the actors here: the largest mailboxes, and the wakeups pending. */
    record ActorCensus(List<ActorStatus> busiest, int pendingWakeups) {
    }

    /** The {@code limit} actors with the largest mailboxes (most messages handled first among equals), and more. */
    ActorCensus census(int limit) {
        record Ranked(ActorCell cell, long depth, long handled) {
        }
        Comparator<Ranked> order = Comparator.comparingLong(Ranked::depth).thenComparingLong(Ranked::handled);
        PriorityQueue<Ranked> kept = new PriorityQueue<>(order); // the least of those kept on top
        int pendingWakeups = 0;
        for (Recipient recipient : recipients.values()) {
            if (!(recipient instanceof ActorCell cell) || cell.isTerminated()) {
                continue;
            }
            pendingWakeups += cell.pendingWakeups();
            kept.add(new Ranked(cell, cell.mailboxDepth(), cell.messagesHandled()));
            if (kept.size() > limit) {
                kept.poll();
            }
        }
        ActorAddress handler = deadLetterHandler;
        List<ActorStatus> busiest = new ArrayList<>(kept.size());
        kept.stream().sorted(order.reversed())
                .forEach(ranked -> busiest.add(ranked.cell().status(ranked.cell().address().equals(handler))));
        return new ActorCensus(busiest, pendingWakeups);
    }

    /** The Source Authority actor this system asks to validate sources, or {@code null}. */
    ActorAddress sourceAuthority() {
        return sources.authority();
    }

    /**
     * Gives outside code's {@code inbox} an address of this system. Like every address of outside code it carries
     * no route: whoever holds it, a local actor or one on another system, reaches the inbox through the same
     * lookup, so {@link #close} ends deliveries for all of them alike.
     */
    ActorAddress openInbox(Recipient inbox) {
        while (true) {
            long id = OutsideIds.inbox(1 + random.nextLong(OutsideIds.MAX_INBOX_NUMBER));
            if (recipients.putIfAbsent(id, inbox) == null) {
                return ActorAddress.of(systemId, id);
            }
        }
    }

    /**
     * One ask's address, registered while the ask waits: its reply goes to {@code reply}, which is told when the
     * ask's message to {@code target} cannot be delivered.
     */
    private record OpenAsk(ActorAddress target, Recipient reply) implements Recipient {
        @Override
        public void deliver(Object message, ActorAddress sender) {
            reply.deliver(message, sender);
        }
    }

    /**
     * Gives one ask made from {@code inbox} to {@code target} an address of its own, delivering to {@code reply}
     * until it is {@linkplain #close closed}; after that, what is sent to it goes to the inbox (a late reply, for
     * {@code listen}), however the sender came by the address. While open, {@code reply} learns through
     * {@link Recipient#askFailed} that the ask's message became a dead letter or that the target's system is gone.
     */
    ActorAddress openAsk(ActorAddress inbox, ActorAddress target, Recipient reply) {
        if (!systemId.equals(inbox.system()) || !OutsideIds.isInbox(inbox.actorId())
                || !recipients.containsKey(inbox.actorId())) {
            throw new IllegalArgumentException(inbox + " is not an open inbox of system " + systemId);
        }
        while (true) {
            long id = OutsideIds.ask(inbox.actorId(), random.nextLong());
            if (recipients.putIfAbsent(id, new OpenAsk(target, reply)) == null) {
                return ActorAddress.of(systemId, id);
            }
        }
    }

    /**
     * Takes an address of outside code out of service: an ask's address then leads to its inbox, an inbox's
     * (and its asks') to dead letters.
     */
    void close(ActorAddress outside) {
        recipients.remove(outside.actorId());
    }

    /**
     * Creates an actor of {@code actorClass}: here when this system qualifies (local first), else through the
     * network; or returns the live actor of {@code options}' global name, in the whole Convention when there is
     * one. The name is looked up before the class is resolved (Thespian's rule: a global name overrides the class),
     * so a class that cannot be loaded or checked here still yields the live actor of that name. When two members
     * create an actor of the same name at once, the first to bind it holds it and the other actor is asked to
     * exit.
     *
     * @param actorClass resolves the class, only when no live actor holds the global name
     * @param parent     the creating actor, or {@code null} when outside code creates it
     */
    ActorAddress createActor(Supplier<ActorClass> actorClass, CreateOptions givenOptions, ActorCell parent) {
        checkRunning();
        String name = givenOptions.globalName();
        if (name != null) {
            // Where there is a Convention, its names decide; an actor of that name here that it does not know of
            // (its leader restarted) is bound to it.
            ActorAddress held = network.lookupGlobalName(name);
            ActorAddress here = held == null ? liveGlobalName(name) : null;
            if (held != null || here != null) {
                return held != null ? held : network.bindGlobalName(name, here);
            }
        }
        ActorAddress created = createActor(actorClass.get(), givenOptions, parent);
        if (name == null) {
            return created;
        }
        ActorAddress holder = network.bindGlobalName(name, created);
        if (!holder.equals(created)) {
            // Another member created an actor of that name meanwhile: it holds the name, this one is not needed.
            send(created, new ActorExitRequest(), systemAddress);
        }
        return holder;
    }

    private ActorAddress createActor(ActorClass actorClass, CreateOptions givenOptions, ActorCell parent) {
        CreateOptions options = withSourceOf(actorClass, givenOptions);
        Verdict verdict = ActorRequirements.of(actorClass.type()).evaluate(capabilities, options.requirements());
        if (verdict.eligible()) {
            return createHere(actorClass, options, parent == null ? null : parent.address(), parent, freshActorId());
        }
        ActorAddress created = network.createElsewhere(actorClass.type(), options,
                parent == null ? null : parent.address(), systemId, verdict);
        if (parent != null) {
            parent.adopt(created);
        }
        return created;
    }

    /**
     * An id no live actor here has: 63 random bits, never 0. Another system proposes the ids of the actors it
     * creates here the same way, so a clash with one of those is checked when the actor is registered.
     */
    private long freshActorId() {
        while (true) {
            long id = random.nextLong() >>> 1;
            if (id != 0 && !recipients.containsKey(id)) {
                return id;
            }
        }
    }

    /**
     * Creates an actor here for another system's request, under the id that system proposed, after checking this
     * system's current capabilities; or returns the live actor of {@code options}' global name, looked up before
     * the class is resolved.
     *
     * @throws NoCompatibleSystemForActor when this system no longer qualifies
     * @throws ActorSystemException       when the id is taken or the class cannot be an actor
     */
    ActorAddress createForRemote(Supplier<ActorClass> actorClassSource, CreateOptions options, ActorAddress parent,
                                 long proposedId) {
        checkRunning();
        if (proposedId <= 0) {
            throw new ActorSystemException("a proposed actor id must be positive, got " + proposedId);
        }
        ActorAddress named = liveGlobalName(options.globalName());
        if (named != null) {
            return named;
        }
        ActorClass actorClass = actorClassSource.get();
        Verdict verdict = ActorRequirements.of(actorClass.type()).evaluate(capabilities, options.requirements());
        if (!verdict.eligible()) {
            throw new NoCompatibleSystemForActor(PlacementRefusal.message(actorClass.type().getName(),
                    options.requirements(), Map.of(systemId, verdict)));
        }
        return createHere(actorClass, options, parent, null, proposedId);
    }

    /**
     * The options with the source the class comes from, so that a creation on another system loads the same
     * class. A class from the classpath cannot be created "from" a source.
     */
    private static CreateOptions withSourceOf(ActorClass actorClass, CreateOptions options) {
        String source = actorClass.sourceHash();
        if (options.sourceHash() != null && !options.sourceHash().equals(source)) {
            throw new IllegalArgumentException("actor class " + actorClass.type().getName() + " comes from "
                    + (source == null ? "the classpath" : "source " + source) + ", but the options name source "
                    + options.sourceHash() + "; pass the class by name to create it from that source");
        }
        return source == null ? options : options.withSourceHash(source);
    }

    /** The global names of the live actors here; a copy. */
    Map<String, ActorAddress> globalNames() {
        synchronized (globalNamesLock) {
            return Map.copyOf(globalNames);
        }
    }

    /** The live actor named {@code globalName} here, or {@code null} (also for no name). */
    private ActorAddress liveGlobalName(String globalName) {
        if (globalName == null) {
            return null;
        }
        synchronized (globalNamesLock) {
            return globalNames.get(globalName);
        }
    }

    /** Creates the actor here; {@code parentCell} is the creating local actor, which adopts a new child. */
    private ActorAddress createHere(ActorClass actorClass, CreateOptions options, ActorAddress parent,
                                    ActorCell parentCell, long id) {
        if (options.globalName() == null) {
            return spawn(actorClass, options, parent, parentCell, id).address();
        }
        synchronized (globalNamesLock) {
            ActorAddress existing = globalNames.get(options.globalName());
            if (existing != null) {
                return existing;
            }
            ActorCell created = spawn(actorClass, options, parent, parentCell, id);
            if (!created.isTerminated()) {
                globalNames.put(options.globalName(), created.address());
            }
            return created.address();
        }
    }

    /**
     * Starts a cell. When the constructor throws, outside code's creation fails with that error; an actor's
     * (here or on another system) gets the address all the same, as in Thespian: the child has exited at once,
     * its parent is told with {@code ChildActorExited}, and messages to it are dead letters.
     */
    private ActorCell spawn(ActorClass actorClass, CreateOptions options, ActorAddress parent,
                            ActorCell parentCell, long id) {
        ActorCell cell = new ActorCell(this, id, actorClass, parent, options);
        if (recipients.putIfAbsent(id, cell) != null) {
            throw new ActorSystemException("actor id " + id + " is already taken in system " + systemId);
        }
        liveActors.incrementAndGet();
        counters.created();
        if (parentCell != null) {
            parentCell.adopt(cell.address());
        }
        try {
            cell.start();
        } catch (RuntimeException e) {
            if (parent == null) {
                throw e;
            }
            ActorLogContext.about(cell, () -> LOG.log(Level.WARNING, cell + " could not start; its parent " + parent
                    + " is told that it exited", e));
        }
        return cell;
    }

    /** Called once by a cell that terminated. */
    void removed(ActorCell cell) {
        recipients.remove(cell.address().actorId());
        if (cell.globalName() != null) {
            boolean held;
            synchronized (globalNamesLock) {
                held = globalNames.remove(cell.globalName(), cell.address());
            }
            if (held) {
                network.releaseGlobalName(cell.globalName(), cell.address());
            }
        }
        if (cell.address().equals(deadLetterHandler)) {
            deadLetterHandler = null;
        }
        sources.actorGone(cell.address());
        registrationSubscribers.remove(cell.address());
        counters.exited();
        actorGone();
    }

    private void actorGone() {
        int left = liveActors.decrementAndGet();
        if (!shuttingDown) {
            return;
        }
        if (left == 0) {
            allExited.complete(null);
        } else if (left == 1) {
            askHandlerToExitIfLast();
        }
    }

    /**
     * Stopping: the dead-letter handler is asked to exit once it is the last actor, so that what the others sent
     * on their way out and could not be delivered still reaches it.
     */
    private void askHandlerToExitIfLast() {
        ActorAddress handler = deadLetterHandler;
        if (handler != null && liveActors.get() == 1 && recipients.get(handler.actorId()) instanceof ActorCell cell
                && handlerAskedToExit.compareAndSet(false, true)) {
            cell.deliver(new ActorExitRequest(), systemAddress);
        }
    }

    /** Sends {@code message} to {@code target}; a target that is gone turns it into a dead letter. */
    void send(ActorAddress target, Object message, ActorAddress sender) {
        if (target == null) {
            throw new IllegalArgumentException("cannot send to a null address (message: " + message + ")");
        }
        if (message == null) {
            throw new IllegalArgumentException("cannot send a null message to " + target);
        }
        // Only an actor's own address carries a route (its cell), which skips the lookup; a cell that terminated
        // turns what it receives into dead letters, as the lookup would.
        Recipient recipient = InternalAccess.localRoute(target) instanceof ActorCell cell ? cell : resolve(target);
        if (recipient == null) {
            deadLetter(target, message, sender, systemId.equals(target.system()) ? NO_SUCH_ACTOR : NO_ROUTE);
        } else {
            recipient.deliver(message, sender);
        }
    }

    private Recipient resolve(ActorAddress target) {
        if (!systemId.equals(target.system())) {
            return network.route(target);
        }
        long id = target.actorId();
        Recipient recipient = recipients.get(id);
        return recipient == null && OutsideIds.isAsk(id) ? recipients.get(OutsideIds.inboxOf(id)) : recipient;
    }

    /**
     * A message that cannot be delivered, for {@code reason}: counted, and handed to the dead-letter handler as a
     * {@link DeadEnvelope} (also while the system stops: the handler exits last), else logged. What the system
     * itself sends to a gone actor (exit requests, exit notices, wakeups) is dropped: it concerned only that actor.
     */
    void deadLetter(ActorAddress target, Object message, ActorAddress sender, String reason) {
        if (sender != null && systemId.equals(sender.system())) {
            askUndeliverable(sender, target, reason);
        } else if (sender != null && OutsideIds.isAsk(sender.actorId())) {
            network.askUndeliverable(sender, target, reason);
        }
        if (message instanceof RemoteSystemGone
                || message instanceof ActorSystemMessage && !(message instanceof PoisonMessage)) {
            return;
        }
        counters.deadLetter(reason);
        ActorAddress handler = deadLetterHandler;
        if (handler != null && !handler.equals(target)) {
            send(handler, new DeadEnvelope(target, message, reason), sender);
            return;
        }
        if (firstDeadLetterLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "dead letter: dropped " + describe(message) + " from " + sender + " to " + target
                    + " (" + reason + "). Further dead letters are counted in status counter 'deadLetters' and logged "
                    + "at DEBUG; an actor can receive them with handleDeadLetters(true)");
        } else {
            LOG.log(Level.DEBUG, () -> "dead letter to " + target + ": " + describe(message) + " from " + sender
                    + " (" + reason + ")");
        }
    }

    /**
     * The message that the ask {@code ask} of this system sent to {@code target} could not be delivered, for
     * {@code reason}: the ask fails at once, if it still waits for {@code target}. Anything else is ignored.
     */
    void askUndeliverable(ActorAddress ask, ActorAddress target, String reason) {
        if (recipients.get(ask.actorId()) instanceof OpenAsk open && open.target().equals(target)) {
            open.reply().askFailed(target, reason);
        }
    }

    private static String describe(Object message) {
        return message.getClass().getName();
    }

    void wakeup(ActorCell cell, Duration delay, Object payload) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("wakeupAfter needs a delay of zero or more, got " + delay);
        }
        WakeupMessage wakeup = new WakeupMessage(delay, payload);
        cell.wakeupScheduled();
        dispatcher.runAfter(delay, () -> {
            cell.wakeupDue();
            cell.deliver(wakeup, cell.address());
        });
    }

    /**
     * Sets or removes one capability; every actor whose class no longer qualifies here is asked to exit, unless
     * its class keeps its actors running ({@link CapabilityLoss#KEEP}).
     */
    void updateCapability(String name, Object valueOrNullToRemove) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("capability name must not be blank, got '" + name + "'");
        }
        Map<String, Object> updated;
        synchronized (this) {
            updated = new LinkedHashMap<>(capabilities);
            if (valueOrNullToRemove == null) {
                updated.remove(name);
            } else {
                updated.put(name, valueOrNullToRemove);
            }
            updated = Map.copyOf(updated);
            network.checkCapabilities(updated);
            capabilities = updated;
            generation++;
            network.capabilitiesChanged(updated, generation);
        }
        for (Recipient recipient : recipients.values()) {
            if (!(recipient instanceof ActorCell cell)) {
                continue;
            }
            ActorRequirements requirements = ActorRequirements.of(cell.actorClass());
            if (requirements.accepts(updated, cell.requirements())) {
                continue;
            }
            boolean keep = requirements.onCapabilityLoss() == CapabilityLoss.KEEP;
            ActorLogContext.about(cell, () -> LOG.log(Level.INFO, cell + " no longer qualifies after capability '"
                    + name + "' changed; "
                    + (keep ? "it keeps running (@OnCapabilityLoss(KEEP))" : "asking it to exit")));
            if (!keep) {
                cell.deliver(new ActorExitRequest(), systemAddress);
            }
        }
    }

    void handleDeadLetters(ActorAddress actor, boolean enable) {
        if (enable) {
            deadLetterHandler = actor;
        } else if (actor.equals(deadLetterHandler)) {
            deadLetterHandler = null;
        }
    }

    /**
     * One subscriber to Convention changes. Until it has been sent the members present when it subscribed, the
     * changes reported meanwhile are held back, so it never sees a change before the state it changes.
     */
    private static final class Subscription {
        /** The changes held back; {@code null} once the members present were sent. Guarded by the lock. */
        private List<ActorSystemConventionUpdate> heldBack = new ArrayList<>();
    }

    /**
     * Subscribes {@code actor} to Convention changes (it first receives one update per other system already
     * present, as Thespian reports them to a new subscriber; subscribing again reports nothing), or unsubscribes it.
     * The network is asked for the members present without any lock of the engine held.
     */
    void notifyOnSystemRegistrationChanges(ActorAddress actor, boolean enable) {
        if (!enable) {
            registrationSubscribers.remove(actor);
            return;
        }
        Subscription subscription = new Subscription();
        synchronized (registrationLock) {
            if (registrationSubscribers.putIfAbsent(actor, subscription) != null) {
                return;
            }
        }
        Collection<ActorSystemConventionUpdate> present = network.currentMembers();
        synchronized (registrationLock) {
            if (registrationSubscribers.get(actor) != subscription) {
                return;
            }
            present.forEach(update -> send(actor, update, systemAddress));
            subscription.heldBack.forEach(update -> send(actor, update, systemAddress));
            subscription.heldBack = null;
        }
    }

    void registerSourceAuthority(ActorAddress actor) {
        sources.authority(actor);
    }

    /** Tells every actor that asked for it about a change in the Convention. */
    void conventionChanged(ActorSystemConventionUpdate update) {
        synchronized (registrationLock) {
            registrationSubscribers.forEach((subscriber, subscription) -> {
                if (subscription.heldBack != null) {
                    subscription.heldBack.add(update);
                } else {
                    send(subscriber, update, systemAddress);
                }
            });
        }
    }

    /**
     * Tells every local actor that {@code system} is gone, so those with children there learn they exited, and
     * ends every ask waiting for an actor there.
     */
    void remoteSystemGone(String system, String reason) {
        RemoteSystemGone gone = new RemoteSystemGone(system);
        for (Recipient recipient : recipients.values()) {
            if (recipient instanceof ActorCell cell) {
                cell.deliver(gone, systemAddress);
            } else if (recipient instanceof OpenAsk ask && ask.target().system().equals(system)) {
                ask.reply().askFailed(ask.target(), "its system " + system + " was declared gone (" + reason + ")");
            }
        }
    }

    void checkRunning() {
        if (shuttingDown) {
            throw new ActorSystemException("actor system " + systemId + " is shut down");
        }
    }

    /**
     * Asks every actor to exit and returns a future that completes once all have. Idempotent: {@code false}
     * when shutdown had already begun.
     */
    boolean beginShutdown() {
        synchronized (this) {
            if (shuttingDown) {
                return false;
            }
            shuttingDown = true;
        }
        if (liveActors.get() == 0) {
            allExited.complete(null);
        }
        ActorAddress handler = deadLetterHandler;
        for (Recipient recipient : recipients.values()) {
            if (recipient instanceof ActorCell cell && !cell.address().equals(handler)) {
                cell.deliver(new ActorExitRequest(), systemAddress);
            }
        }
        askHandlerToExitIfLast();
        return true;
    }

    CompletableFuture<Void> allExited() {
        return allExited;
    }

    /** Where the replies of the asks still waiting go, so that a shutdown can release them. */
    List<Recipient> pendingAsks() {
        List<Recipient> pending = new ArrayList<>();
        for (Recipient recipient : recipients.values()) {
            if (recipient instanceof OpenAsk ask) {
                pending.add(ask.reply());
            }
        }
        return pending;
    }
}
