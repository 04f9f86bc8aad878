package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.CreateOptions;

import java.time.Duration;

/**
 * Not API: what an {@link Actor}'s helper methods delegate to; one per live actor, supplied by the system that
 * hosts it.
 */
public interface ActorContext {
    /** The actor's own address. */
    ActorAddress self();

    /** The global name the actor was created with, or {@code null}. */
    String globalName();

    /** Sends {@code message} to {@code target} with this actor as the sender. */
    void send(ActorAddress target, Object message);

    /** Creates a child of this actor. */
    ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options);

    /** Creates a child of this actor from a class name, loaded like this actor's class. */
    ActorAddress createActor(String className, CreateOptions options);

    /** Schedules a {@link io.thespis.actor.WakeupMessage} to this actor. */
    void wakeupAfter(Duration delay, Object payload);

    /** Changes a capability of the hosting system. */
    void updateCapability(String name, Object valueOrNullToRemove);

    /** Makes this actor the hosting system's dead-letter handler, or stops it being so. */
    void handleDeadLetters(boolean enable);

    /** Subscribes this actor to Convention membership changes, or unsubscribes it. */
    void notifyOnSystemRegistrationChanges(boolean enable);

    /** Makes this actor the hosting system's Source Authority. */
    void registerSourceAuthority();
}
