package io.thespis.internal.engine;

/**
 * Delivered through every local actor's mailbox when another system of the Convention is gone, so that each
 * actor, during its own turn, learns of the children it had there as {@link io.thespis.actor.ChildActorExited}.
 * Never reaches actor code.
 *
 * @param system the identity of the system that is gone
 */
record RemoteSystemGone(String system) {
}
