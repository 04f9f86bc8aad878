package io.thespis.actor;

/**
 * Tells a parent that one of the actors it created has exited, whatever the reason (it was asked to, its host
 * went away, or its placement failed).
 *
 * @param child the address of the child that exited
 */
public record ChildActorExited(ActorAddress child) implements ActorSystemMessage {
}
