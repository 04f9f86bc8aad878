package io.thespis.actor;

/**
 * Asks an actor to exit. It is delivered to {@link Actor#receiveMessage} like any other message so the actor
 * can clean up; once that call returns the actor is destroyed, its children are asked to exit too, and its
 * parent receives {@link ChildActorExited}. Any actor (or outside code) may send it.
 */
public record ActorExitRequest() implements ActorSystemMessage {
}
