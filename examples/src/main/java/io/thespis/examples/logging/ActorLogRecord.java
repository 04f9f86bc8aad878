package io.thespis.examples.logging;

import io.thespis.actor.ActorAddress;

import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A log record written by an actor, carrying the actor's address: the counterpart of the {@code actorAddress}
 * attribute that Thespian sets on the records of its actors (section 2.4.1). Thespis does not tag the records of
 * plain Java logging, so the actors of these examples make their records this way.
 */
public final class ActorLogRecord extends LogRecord {
    private static final long serialVersionUID = 1L;
    private final transient ActorAddress actorAddress;

    /** A record of {@code level} with {@code message}, written by the actor at {@code actorAddress}. */
    public ActorLogRecord(Level level, String message, ActorAddress actorAddress) {
        super(level, message);
        this.actorAddress = actorAddress;
    }

    /** The address of the actor that wrote the record. */
    public ActorAddress actorAddress() {
        return actorAddress;
    }
}
