package io.thespis.examples.capabilities;

/** The {@link Database} cannot be reached: the introduction's {@code DBError}. */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception, saying which host lost the database. */
    public DatabaseException(String message) {
        super(message);
    }
}
