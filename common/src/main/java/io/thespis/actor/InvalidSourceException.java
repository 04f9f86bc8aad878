package io.thespis.actor;

/**
 * A loaded actor source cannot be used: it is unknown, was unloaded, was refused by the Source Authority, or no
 * authority is there to validate it. The message says which.
 */
public class InvalidSourceException extends ActorSystemException {
    private static final long serialVersionUID = 1L;

    /** A source error described by {@code message}. */
    public InvalidSourceException(String message) {
        super(message);
    }
}
