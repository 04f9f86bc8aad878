package io.thespis.internal.cli;

/**
 * A setting or argument the operator got wrong: reported as one line naming it and what was expected, with exit
 * code 2 and no stack trace.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
