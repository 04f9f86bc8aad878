package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InternalAccess;
import io.thespis.actor.PoisonMessage;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinTask;

/**
 * One live actor: its mailbox, its current instance, its children, and the turn that handles a batch of its
 * messages. It is its own {@link ForkJoinTask} (never completing, so it can be scheduled again without
 * allocating), and the {@link ActorContext} its instance calls back into.
 *
 * <p>A cell is idle or scheduled. A sender that moves it from idle to scheduled hands it to the dispatcher;
 * at most one turn runs at a time, so the instance sees one message at a time. A turn that finds the cell
 * terminated turns whatever is left in the mailbox into dead letters.
 */
final class ActorCell extends ForkJoinTask<Void> implements Recipient, ActorContext {
    /** Messages handled per turn before the worker moves on to other actors. */
    static final int MESSAGES_PER_TURN = 64;

    private static final System.Logger LOG = System.getLogger(ActorCell.class.getName());
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    /** The deepest a mailbox is counted for status; a deeper one reports this. */
    static final long MAILBOX_DEPTH_COUNTED = 10_000_000;
    private static final VarHandle STATE;
    private static final VarHandle PENDING_WAKEUPS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(ActorCell.class, "state", int.class);
            PENDING_WAKEUPS = lookup.findVarHandle(ActorCell.class, "pendingWakeups", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Engine engine;
    private final ActorClass actorClass;
    private final ActorAddress address;
    private final ActorAddress parent;
    private final Map<String, Object> requirements;
    private final String globalName;
    private final Mailbox mailbox = new Mailbox();
    /** Starts scheduled so nothing runs before the first instance exists; see {@link #start()}. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = SCHEDULED;
    private volatile boolean terminated;
    private Actor instance;
    /** Written by the actor's turns only; concurrent so that status can read it. */
    private volatile Set<ActorAddress> children;
    /** Written by the actor's turns only, once per turn; read by status. */
    private volatile long messagesHandled;
    private volatile int restarts;
    @SuppressWarnings("unused") // accessed through PENDING_WAKEUPS
    private volatile int pendingWakeups;
    /** {@code address.toString()}, made once on first use: log lines name the actor on every turn. */
    private String addressText;

    ActorCell(Engine engine, long id, ActorClass actorClass, ActorAddress parent, CreateOptions options) {
        this.engine = engine;
        this.actorClass = actorClass;
        this.address = InternalAccess.localAddress(engine.systemId(), id, this);
        this.parent = parent;
        this.requirements = options.requirements();
        this.globalName = options.globalName();
    }

    ActorAddress address() {
        return address;
    }

    Class<? extends Actor> actorClass() {
        return actorClass.type();
    }

    Map<String, Object> requirements() {
        return requirements;
    }

    @Override
    public String globalName() {
        return globalName;
    }

    String addressText() {
        String text = addressText;
        if (text == null) {
            text = address.toString();
            addressText = text;
        }
        return text;
    }

    /**
     * Constructs the first instance, then lets the messages sent meanwhile (even from the constructor) run.
     *
     * @throws io.thespis.actor.ActorSystemException when the constructor fails; the cell has then terminated like
     *                                               an actor that exited (children asked to exit, parent told)
     */
    void start() {
        String outerAddress = ActorLogContext.address();
        String outerClass = ActorLogContext.actorClass();
        ActorLogContext.set(this);
        try {
            instance = actorClass.instantiate(this);
        } catch (RuntimeException e) {
            terminate();
            finishTurn();
            throw e;
        } finally {
            ActorLogContext.restore(outerAddress, outerClass);
        }
        finishTurn();
    }

    boolean isTerminated() {
        return terminated;
    }

    @Override
    public void deliver(Object message, ActorAddress sender) {
        if (terminated) {
            engine.deadLetter(address, message, sender, Engine.ACTOR_EXITED);
            return;
        }
        mailbox.offer(new Envelope(message, sender));
        engine.counters().queued();
        if (state == IDLE && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            engine.dispatcher().schedule(this);
        }
    }

    @Override
    protected boolean exec() {
        try {
            runTurn();
        } catch (Throwable t) {
            // A throwing exec would complete this task for good, and the actor could never run again.
            ActorLogContext.about(this, () -> LOG.log(Level.ERROR, "actor turn of " + this + " failed", t));
        }
        return false;
    }

    /** Handles up to {@link #MESSAGES_PER_TURN} messages, then goes idle or schedules itself again. */
    void runTurn() {
        EndOfHandler endOfHandler = Thread.currentThread() instanceof ConcurrentDispatcher.Worker worker
                ? worker.endOfHandler() : null;
        int handled = 0;
        Envelope envelope;
        String outerAddress = ActorLogContext.address();
        String outerClass = ActorLogContext.actorClass();
        ActorLogContext.set(this);
        try {
            while (handled < MESSAGES_PER_TURN && (envelope = mailbox.poll()) != null) {
                handled++;
                try {
                    if (terminated) {
                        engine.deadLetter(address, envelope.message, envelope.sender,
                                Engine.EXITED_WITH_MESSAGE_PENDING);
                    } else {
                        handle(envelope.message, envelope.sender);
                    }
                } finally {
                    if (endOfHandler != null) {
                        endOfHandler.run();
                    }
                }
                envelope.clear();
            }
        } finally {
            ActorLogContext.restore(outerAddress, outerClass);
        }
        engine.counters().delivered(handled);
        if (handled > 0) {
            messagesHandled += handled; // one writer: the turn
        }
        finishTurn();
    }

    private void finishTurn() {
        STATE.setVolatile(this, IDLE);
        if (!mailbox.isEmpty() && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            engine.dispatcher().schedule(this);
        }
    }

    private void handle(Object message, ActorAddress sender) {
        if (message instanceof RemoteSystemGone gone) {
            childrenLostWith(gone.system());
            return;
        }
        if (message instanceof ChildActorExited exited && (children == null || !children.remove(exited.child()))) {
            // Told already: a child on a system that went away is reported once, whichever notice comes first.
            return;
        }
        if (message instanceof ActorExitRequest) {
            try {
                InternalAccess.receive(instance, message, sender);
            } catch (Exception e) {
                LOG.log(Level.WARNING, this + " threw while handling ActorExitRequest; it exits anyway", e);
            }
            terminate();
            return;
        }
        try {
            InternalAccess.receive(instance, message, sender);
        } catch (Throwable first) {
            rethrowIfFatal(first);
            engine.counters().restarted();
            restarts++; // one writer: the turn
            LOG.log(Level.WARNING, this + " failed on a " + message.getClass().getName() + " from " + sender
                    + "; restarting it and redelivering the message once", first);
            if (!restart(message, sender)) {
                poison(message, sender, first);
                return;
            }
            try {
                InternalAccess.receive(instance, message, sender);
            } catch (Throwable second) {
                rethrowIfFatal(second);
                LOG.log(Level.WARNING, this + " failed again on the redelivered " + message.getClass().getName()
                        + "; " + poisonOutcome(message, sender), second);
                poison(message, sender, second);
            }
        }
    }

    private void childrenLostWith(String system) {
        if (children == null) {
            return;
        }
        List<ActorAddress> lost = new ArrayList<>();
        for (ActorAddress child : children) {
            if (child.system().equals(system)) {
                lost.add(child);
            }
        }
        for (ActorAddress child : lost) {
            if (!terminated) {
                handle(new ChildActorExited(child), child);
            }
        }
    }

    private boolean restart(Object message, ActorAddress sender) {
        try {
            instance = actorClass.instantiate(this);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, this + " could not be restarted, so it exits; " + poisonOutcome(message, sender), e);
            terminate();
            return false;
        }
    }

    private static String poisonOutcome(Object message, ActorAddress sender) {
        return message instanceof PoisonMessage ? "dropping it (a PoisonMessage is never returned)"
                : "returning it to " + sender + " as a PoisonMessage";
    }

    private void poison(Object message, ActorAddress sender, Throwable failure) {
        engine.counters().poisoned();
        if (message instanceof PoisonMessage) {
            return; // never bounce poison back and forth
        }
        engine.send(sender, new PoisonMessage(message, failure.toString()), address);
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * Ends this actor after its current message: no more deliveries to the instance, children asked to exit,
     * the parent told. Called from the actor's own turn, or while its first instance failed to construct.
     */
    void terminate() {
        if (terminated) {
            return;
        }
        terminated = true;
        instance = null;
        engine.removed(this);
        exitChildren();
        if (parent != null) {
            engine.send(parent, new ChildActorExited(address), address);
        }
    }

    private void exitChildren() {
        if (children != null) {
            for (ActorAddress child : children) {
                engine.send(child, new ActorExitRequest(), address);
            }
            children = null;
        }
    }

    // ---- ActorContext: called by the instance during its own turn (or constructor) ----

    @Override
    public ActorAddress self() {
        return address;
    }

    @Override
    public void send(ActorAddress target, Object message) {
        engine.send(target, message, address);
    }

    @Override
    public ActorAddress createActor(Class<? extends Actor> type, CreateOptions options) {
        return engine.createActor(() -> ActorClass.of(type), options, this);
    }

    @Override
    public ActorAddress createActor(String className, CreateOptions options) {
        CreateOptions fromSameSource = options.sourceHash() == null && actorClass.sourceHash() != null
                ? options.withSourceHash(actorClass.sourceHash()) : options;
        return engine.createActor(() -> engine.actorClass(className, fromSameSource,
                actorClass.type().getClassLoader()), fromSameSource, this);
    }

    /** Records {@code child} as created by this actor; called by the engine during this actor's turn. */
    void adopt(ActorAddress child) {
        Set<ActorAddress> known = children;
        if (known == null) {
            known = ConcurrentHashMap.newKeySet();
            children = known;
        }
        known.add(child);
    }

    /** A {@code wakeupAfter} of this actor was scheduled. */
    void wakeupScheduled() {
        PENDING_WAKEUPS.getAndAdd(this, 1);
    }

    /** A scheduled wakeup of this actor is due: it is delivered now. */
    void wakeupDue() {
        PENDING_WAKEUPS.getAndAdd(this, -1);
    }

    int pendingWakeups() {
        return pendingWakeups;
    }

    long messagesHandled() {
        return messagesHandled;
    }

    /** How many messages wait in the mailbox, counted up to {@link #MAILBOX_DEPTH_COUNTED}; from any thread. */
    long mailboxDepth() {
        return mailbox.depth(MAILBOX_DEPTH_COUNTED);
    }

    /** This actor as status reports it; from any thread. */
    ActorStatus status(boolean deadLetterHandler) {
        Set<ActorAddress> known = children;
        List<ActorAddress> listed = new ArrayList<>();
        int childCount = 0;
        if (known != null) {
            for (ActorAddress child : known) {
                childCount++;
                if (listed.size() < ActorStatus.CHILDREN_LISTED) {
                    listed.add(child);
                }
            }
        }
        return new ActorStatus(address, actorClass.type().getName(), actorClass.sourceHash(), globalName,
                mailboxDepth(), messagesHandled, restarts, childCount, listed, pendingWakeups, deadLetterHandler);
    }

    @Override
    public void wakeupAfter(Duration delay, Object payload) {
        engine.wakeup(this, delay, payload);
    }

    @Override
    public void updateCapability(String name, Object valueOrNullToRemove) {
        engine.updateCapability(name, valueOrNullToRemove);
    }

    @Override
    public void handleDeadLetters(boolean enable) {
        engine.handleDeadLetters(address, enable);
    }

    @Override
    public void notifyOnSystemRegistrationChanges(boolean enable) {
        engine.notifyOnSystemRegistrationChanges(address, enable);
    }

    @Override
    public void registerSourceAuthority() {
        engine.registerSourceAuthority(address);
    }

    // ---- ForkJoinTask plumbing: the cell is never "completed" ----

    @Override
    public Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(Void value) {
    }

    @Override
    public String toString() {
        return actorClass.type().getName() + "@" + address;
    }
}
