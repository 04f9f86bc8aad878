package io.thespis.actor;

/**
 * The messages the actor system itself delivers to actors, as Thespian's {@code ActorSystemMessage} family.
 *
 * <p>An actor is free to ignore any of them; they exist so that an actor can react to lifecycle events
 * (a child exited, a wakeup is due, a message could not be handled) when it wants to.
 */
public sealed interface ActorSystemMessage
        permits ActorExitRequest, ChildActorExited, PoisonMessage, WakeupMessage, DeadEnvelope,
                ActorSystemConventionUpdate, ValidateSource, ValidatedSource {
}
