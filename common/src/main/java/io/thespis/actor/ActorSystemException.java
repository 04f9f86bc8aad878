package io.thespis.actor;

/**
 * The base of every failure the actor system reports. All of them are unchecked.
 */
public class ActorSystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ActorSystemException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ActorSystemException(String message, Throwable cause) {
        super(message, cause);
    }
}
