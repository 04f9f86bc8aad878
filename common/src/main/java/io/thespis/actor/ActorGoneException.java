package io.thespis.actor;

/**
 * The message of an {@link ActorSystem#ask ask} cannot be delivered: the actor had exited (or never existed),
 * exited before handling it, or its system is gone or was declared gone by the Convention (or a networked system
 * could not pass the message on to it). {@code ask} throws it, and {@code askAsync}'s future completes with it, as
 * soon as the system knows, instead of waiting out the timeout; {@link #reason()} says which. The message also
 * becomes a {@link DeadEnvelope} with the same reason.
 *
 * <p>{@link ActorSystem#actorStatus} throws it too, for an address where no actor lives.
 *
 * <p>A reply that never comes for another cause (the actor is alive and does not answer, or is slow) is still a
 * timeout: {@code ask} returns {@code null}.
 */
public class ActorGoneException extends ActorSystemException {
    private static final long serialVersionUID = 1L;

    private final transient ActorAddress address;
    private final String reason;

    /** The actor at {@code address} cannot receive the ask's message, for {@code reason}. */
    public ActorGoneException(ActorAddress address, String reason) {
        super("no actor at " + address + ": " + reason);
        this.address = address;
        this.reason = reason;
    }

    /** The address the ask's message was sent to (or whose status was asked for). */
    public ActorAddress address() {
        return address;
    }

    /** Why no actor lives there, in words for people (for an ask, the dead letter's reason). */
    public String reason() {
        return reason;
    }
}
