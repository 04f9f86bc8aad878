package io.thespis.internal.engine;

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

    void queued() {
        messagesQueued.increment();
    }

    /** Messages waiting in mailboxes: queued and not yet handled (or turned into dead letters). */
    long backlog() {
        return Math.max(0, messagesQueued.sum() - messagesDelivered.sum());
    }

    void delivered(int count) {
        if (count > 0) {
            messagesDelivered.add(count);
        }
    }

    void created() {
        actorsCreated.increment();
    }

    void exited() {
        actorsExited.increment();
    }

    void deadLetter() {
        deadLetters.increment();
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
