package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The inbox of outside code: what actors send to the sender of a {@code tell} (and late replies to an
 * {@code ask}), returned one by one by {@code listen}. The system's own messages are dropped ({@link Replies}).
 * Bounded: past {@link #CAPACITY} unread messages, new ones go to {@code overflow}.
 */
final class OutsideInbox implements Recipient {
    private static final System.Logger LOG = System.getLogger(OutsideInbox.class.getName());

    /** Unread messages kept for {@code listen}. */
    static final int CAPACITY = 65_536;

    /** Where messages go that the full inbox cannot keep. */
    interface Overflow {
        void overflowed(Object message, ActorAddress sender);
    }

    private final ArrayDeque<Object> unread = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Object>> listeners = new ArrayDeque<>();
    private final Overflow overflow;

    OutsideInbox(Overflow overflow) {
        this.overflow = overflow;
    }

    /** Logs a system message that outside code does not receive. */
    static void dropped(Object message, ActorAddress sender) {
        LOG.log(System.Logger.Level.DEBUG, () -> "outside code does not receive the system's own messages; dropped "
                + message + " from " + sender);
    }

    @Override
    public void deliver(Object message, ActorAddress sender) {
        if (!Replies.count(message)) {
            dropped(message, sender);
            return;
        }
        synchronized (this) {
            CompletableFuture<Object> listener;
            while ((listener = listeners.poll()) != null) {
                if (listener.complete(message)) {
                    return;
                }
            }
            if (unread.size() < CAPACITY) {
                unread.add(message);
                return;
            }
        }
        overflow.overflowed(message, sender);
    }

    /** A future of the next message: already complete when one is unread. */
    synchronized CompletableFuture<Object> next() {
        Object message = unread.poll();
        if (message != null) {
            return CompletableFuture.completedFuture(message);
        }
        CompletableFuture<Object> listener = new CompletableFuture<>();
        listeners.add(listener);
        return listener;
    }

    /** Stops {@code listener} waiting; returns the message it got meanwhile, or {@code null}. */
    Object abandon(CompletableFuture<Object> listener) {
        synchronized (this) {
            listeners.remove(listener);
        }
        listener.complete(null);
        return listener.join();
    }

    /** Releases every waiting {@code listen} with {@code null}. */
    synchronized void releaseListeners() {
        CompletableFuture<Object> listener;
        while ((listener = listeners.poll()) != null) {
            listener.complete(null);
        }
    }
}
