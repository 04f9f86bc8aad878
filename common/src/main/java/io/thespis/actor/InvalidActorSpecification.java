package io.thespis.actor;

/**
 * The class given to {@code createActor} cannot be an actor: it is not found, not a subclass of
 * {@link Actor}, abstract, lacks a no-argument constructor, or declares a malformed
 * {@code actorSystemCapabilityCheck}. The message names the class and what was expected.
 */
public class InvalidActorSpecification extends ActorSystemException {
    private static final long serialVersionUID = 1L;

    /** A specification error described by {@code message}. */
    public InvalidActorSpecification(String message) {
        super(message);
    }

    /** A specification error described by {@code message}, caused by {@code cause}. */
    public InvalidActorSpecification(String message, Throwable cause) {
        super(message, cause);
    }
}
