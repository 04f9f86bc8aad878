package io.thespis.actor;

/**
 * A message that could not be delivered, handed to the actor that called
 * {@link Actor#handleDeadLetters(boolean) handleDeadLetters(true)}. The sender passed along with it is the original
 * sender.
 *
 * <p>{@code reason} says why, in words for people: for example that the actor exited before handling it, that no
 * such actor exists, that its system is gone, or (from a networked system) that the other member was unreachable
 * or backed up. It is not meant to be parsed; code that must tell cases apart looks at {@code deadAddress}.
 *
 * @param deadAddress the address the message was sent to
 * @param deadMessage the message itself
 * @param reason      why it could not be delivered; {@value #UNDELIVERABLE} when nothing more is known
 */
public record DeadEnvelope(ActorAddress deadAddress, Object deadMessage, String reason) implements ActorSystemMessage {
    /** The reason of a dead letter whose cause is not known (and of one from a system that sent none). */
    public static final String UNDELIVERABLE = "undeliverable";

    /** Fills in {@value #UNDELIVERABLE} for a missing or blank reason. */
    public DeadEnvelope {
        reason = reason == null || reason.isBlank() ? UNDELIVERABLE : reason;
    }

    /** A dead letter whose reason is not known: {@value #UNDELIVERABLE}. */
    public DeadEnvelope(ActorAddress deadAddress, Object deadMessage) {
        this(deadAddress, deadMessage, UNDELIVERABLE);
    }
}
