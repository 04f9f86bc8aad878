package io.thespis.internal.engine;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals a system reports in its status. Striped adders: workers add without contending, and handled
 * messages are added once per turn, not once per message.
 */
final class Counters {
    private final LongAdder messagesQueued = new LongAdder();
    private final LongAdder messagesDelivered = new LongAdder();
    private final LongAdder actorsCreated = new LongAdder();
    private final LongAdder actorsExited = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final LongAdder poisonMessages = new LongAdder();
    private final LongAdder sourceFetches = new LongAdder();
    private final LongAdder turns = new LongAdder();
    private final EnumMap<DeadLetterCause, LongAdder> deadLettersByCause = new EnumMap<>(DeadLetterCause.class);

    Counters() {
        for (DeadLetterCause cause : DeadLetterCause.values()) {
            deadLettersByCause.put(cause, new LongAdder());
        }
    }

    void queued() {
        messagesQueued.increment();
    }

    /** Messages waiting in mailboxes: queued and not yet handled (or turned into dead letters). */
    long backlog() {
        return Math.max(0, messagesQueued.sum() - messagesDelivered.sum());
    }

    /** A turn of an actor handled {@code count} messages. */
    void delivered(int count) {
        if (count > 0) {
            messagesDelivered.add(count);
            turns.increment();
        }
    }

    void created() {
        actorsCreated.increment();
    }

    void exited() {
        actorsExited.increment();
    }

    void deadLetter(String reason) {
        deadLetters.increment();
        deadLettersByCause.get(DeadLetterCause.of(reason)).increment();
    }

    /** Dead letters so far, by cause. */
    Map<DeadLetterCause, Long> deadLettersByCause() {
        Map<DeadLetterCause, Long> values = new EnumMap<>(DeadLetterCause.class);
        deadLettersByCause.forEach((cause, count) -> values.put(cause, count.sum()));
        return values;
    }

    /** Actor turns so far (each handles one or more messages). */
    long turns() {
        return turns.sum();
    }

    void restarted() {
        restarts.increment();
    }

    void sourceFetched() {
        sourceFetches.increment();
    }

    void poisoned() {
        poisonMessages.increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("messagesDelivered", messagesDelivered.sum());
        values.put("actorsCreated", actorsCreated.sum());
        values.put("actorsExited", actorsExited.sum());
        values.put("deadLetters", deadLetters.sum());
        values.put("restarts", restarts.sum());
        values.put("poisonMessages", poisonMessages.sum());
        values.put("sourceFetches", sourceFetches.sum());
        values.put("mailboxBacklog", backlog());
        return values;
    }
}
