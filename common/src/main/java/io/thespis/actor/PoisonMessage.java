package io.thespis.actor;

/**
 * Returned to the sender of a message that its recipient could not handle: {@code receiveMessage} threw on
 * the first delivery, the actor was restarted, and it threw again on the redelivery. The recipient then goes
 * on with its next message.
 *
 * @param poisonMessage the message that could not be handled
 * @param details       what went wrong, typically the exception of the second failure
 */
public record PoisonMessage(Object poisonMessage, String details) implements ActorSystemMessage {
}
