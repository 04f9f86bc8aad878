package io.thespis.internal.engine;

import java.util.Locale;

/**
 * Why a message became a dead letter, in a few words fit for a metric's tag: a dead letter's reason is free text
 * (it names addresses), so counting by it would have no bound. The categories are those the engine and the
 * networked member give.
 */
public enum DeadLetterCause {
    /** The actor exited, before or after the message reached it. */
    ACTOR_EXITED,
    /** No actor has that address here. */
    NO_SUCH_ACTOR,
    /** Its member was declared gone, left, or was replaced by a new incarnation. */
    MEMBER_GONE,
    /** Its member could not be reached, or did not read, for the longest a message may wait. */
    UNREACHABLE,
    /** The link to its member held as many bytes as it may. */
    BACKED_UP,
    /** Its system is not in the Convention. */
    NO_ROUTE,
    /** This system is shutting down. */
    SHUTTING_DOWN,
    /** Anything else. */
    OTHER;

    /** The category of {@code reason}. */
    public static DeadLetterCause of(String reason) {
        String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (text.contains("backed up")) {
            return BACKED_UP;
        }
        if (text.contains("unreachable") || text.contains("has not read")) {
            return UNREACHABLE;
        }
        if (text.contains("is gone") || text.contains("declared gone") || text.contains("replaced by")
                || text.contains("left")) {
            return MEMBER_GONE;
        }
        if (text.contains("shutting down")) {
            return SHUTTING_DOWN;
        }
        if (text.contains("exited before") || text.contains("has exited")) {
            return ACTOR_EXITED;
        }
        if (text.contains("no such actor")) {
            return NO_SUCH_ACTOR;
        }
        if (text.contains("not in the convention")) {
            return NO_ROUTE;
        }
        return OTHER;
    }

    /** The tag value: lower case with underscores. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
