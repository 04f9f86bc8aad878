package io.thespis.actor;

import io.thespis.internal.engine.ActorContext;
import io.thespis.internal.engine.Construction;

import java.time.Duration;

/**
 * The base class of every actor. Subclass it, give it a no-argument constructor, and implement
 * {@link #receiveMessage}:
 *
 * <pre>{@code
 * public class Hello extends Actor {
 *     protected void receiveMessage(Object message, ActorAddress sender) {
 *         send(sender, "Hello, world!");
 *     }
 * }
 * }</pre>
 *
 * <p>The system calls {@code receiveMessage} with one message at a time, so an actor's fields need no locking.
 * Actors are created by {@code createActor} (never with {@code new}); the helpers below may be used from the
 * constructor on. When {@code receiveMessage} throws, the actor is replaced by a fresh instance and the message
 * is delivered once more; if that fails too, the sender gets a {@link PoisonMessage} and the actor goes on.
 */
public abstract class Actor {
    private final ActorContext context;

    /** Binds the new instance to the system creating it; fails when called outside {@code createActor}. */
    protected Actor() {
        this.context = Construction.current(getClass());
    }

    /**
     * Handles one message. {@code sender} is the address of whoever sent it (an actor, or outside code using
     * {@code ask}/{@code tell}); reply by sending to it.
     *
     * @param message the message: application data or an {@link ActorSystemMessage}
     * @param sender  the sender's address
     * @throws Exception to report a failure; see the class comment for what follows
     */
    protected abstract void receiveMessage(Object message, ActorAddress sender) throws Exception;

    /** Sends {@code message} to {@code target}; returns at once. Messages to the same target keep their order. */
    protected final void send(ActorAddress target, Object message) {
        context.send(target, message);
    }

    /**
     * Creates a child actor of class {@code actorClass}, placed on a system whose capabilities qualify. When the
     * child's constructor throws, the address is returned all the same (as in Thespian): the child has exited at
     * once, this actor receives {@link ChildActorExited} for it, and messages sent to it become dead letters.
     */
    protected final ActorAddress createActor(Class<? extends Actor> actorClass) {
        return context.createActor(actorClass, CreateOptions.none());
    }

    /** Creates a child actor of class {@code actorClass} with {@code options}. */
    protected final ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options) {
        return context.createActor(actorClass, options);
    }

    /**
     * Creates a child actor from its fully qualified class name, loaded like this actor's own class (from the
     * same source when this actor came from a loaded source).
     */
    protected final ActorAddress createActor(String className, CreateOptions options) {
        return context.createActor(className, options);
    }

    /** This actor's own address. */
    protected final ActorAddress myAddress() {
        return context.self();
    }

    /**
     * The global name this actor was created with ({@link CreateOptions#withGlobalName}), or {@code null} when it has
     * none; Thespian's {@code self.globalName}.
     */
    protected final String globalName() {
        return context.globalName();
    }

    /** Delivers a {@link WakeupMessage} carrying {@code payload} to this actor once {@code delay} has passed. */
    protected final void wakeupAfter(Duration delay, Object payload) {
        context.wakeupAfter(delay, payload);
    }

    /**
     * Sets capability {@code name} of the system this actor runs on, or removes it when {@code valueOrNullToRemove}
     * is {@code null}. Actors on that system whose requirements no longer hold are asked to exit, unless their class
     * says {@link OnCapabilityLoss @OnCapabilityLoss(KEEP)}.
     */
    protected final void updateCapability(String name, Object valueOrNullToRemove) {
        context.updateCapability(name, valueOrNullToRemove);
    }

    /**
     * With {@code true}, this actor receives a {@link DeadEnvelope} for every message of its system that could
     * not be delivered; {@code false} stops that.
     */
    protected final void handleDeadLetters(boolean enable) {
        context.handleDeadLetters(enable);
    }

    /**
     * With {@code true}, this actor first receives an {@link ActorSystemConventionUpdate} (with
     * {@code remoteAdded} true) for every other system already in the Convention, then one whenever a system joins,
     * changes its capabilities or leaves. Enabling it again while enabled reports nothing anew; {@code false} stops
     * the updates.
     */
    protected final void notifyOnSystemRegistrationChanges(boolean enable) {
        context.notifyOnSystemRegistrationChanges(enable);
    }

    /**
     * Makes this actor the Source Authority of its system: it receives {@link ValidateSource} for every loaded
     * source and answers with {@link ValidatedSource}.
     */
    protected final void registerSourceAuthority() {
        context.registerSourceAuthority();
    }
}
