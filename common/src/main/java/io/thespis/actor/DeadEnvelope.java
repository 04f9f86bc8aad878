package io.thespis.actor;

/**
 * A message that could not be delivered because its recipient no longer exists, handed to the actor that
 * called {@link Actor#handleDeadLetters(boolean) handleDeadLetters(true)}. The sender passed along with it is
 * the original sender.
 *
 * @param deadAddress the address the message was sent to
 * @param deadMessage the message itself
 */
public record DeadEnvelope(ActorAddress deadAddress, Object deadMessage) implements ActorSystemMessage {
}
