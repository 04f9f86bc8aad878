package io.thespis.internal.member.logging;

import io.thespis.proto.v1.ForwardedLog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the logging backend hands the lines it forwards ({@link LeaderForwardingAppender}): the outboxes of the
 * members running in this JVM that do not lead. A line about an actor goes to the outbox of that actor's member; any
 * other line to every outbox (a daemon runs one member, so to its own).
 */
public final class WarningForwarding {
    private static final List<Registration> OUTBOXES = new CopyOnWriteArrayList<>();

    /** One member's outbox, and how its actors' addresses begin when printed. */
    private record Registration(String addressPrefix, WarningOutbox outbox) {
    }

    private WarningForwarding() {
    }

    /**
     * Forwards lines to {@code outbox} as those of the member at {@code address} ({@code host:port}), until the
     * returned handle is closed.
     */
    public static AutoCloseable register(String address, WarningOutbox outbox) {
        Registration registration = new Registration("ActorAddr-(" + address + "/", outbox);
        OUTBOXES.add(registration);
        return () -> OUTBOXES.remove(registration);
    }

    /** Whether any member takes lines: when none does, the backend need not build them. */
    static boolean wanted() {
        return !OUTBOXES.isEmpty();
    }

    /** Hands {@code line} to its member's outbox, or to every one when it names no actor of theirs. */
    static void offer(ForwardedLog line) {
        String actor = line.getActorAddress();
        if (!actor.isEmpty()) {
            for (Registration registration : OUTBOXES) {
                if (actor.startsWith(registration.addressPrefix())) {
                    registration.outbox().offer(line);
                    return;
                }
            }
        }
        for (Registration registration : OUTBOXES) {
            registration.outbox().offer(line);
        }
    }
}
