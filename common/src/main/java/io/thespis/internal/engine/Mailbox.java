package io.thespis.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free multi-producer, single-consumer FIFO queue of envelopes (Vyukov's linked queue): a producer
 * swaps itself in as the tail with one atomic exchange and then links the previous tail to it; the consumer
 * follows the links. Only the turn of the owning actor consumes, so {@link #poll} and {@link #isEmpty} are
 * called by one thread at a time.
 */
final class Mailbox {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(Mailbox.class, "tail", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last consumed node (initially a stub); its successor is the next envelope. Consumer-owned. */
    private Envelope head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Envelope tail;

    Mailbox() {
        Envelope stub = new Envelope(null, null);
        head = stub;
        tail = stub;
    }

    /** Appends {@code envelope}; safe from any thread, never blocks. */
    void offer(Envelope envelope) {
        Envelope previous = (Envelope) TAIL.getAndSet(this, envelope);
        Envelope.NEXT.setRelease(previous, envelope);
    }

    /** The oldest envelope, or {@code null} when empty. Consumer only. */
    Envelope poll() {
        Envelope current = head;
        Envelope next = (Envelope) Envelope.NEXT.getAcquire(current);
        if (next == null) {
            if (current == tail) {
                return null;
            }
            // A producer has swapped the tail but not yet linked it: that link is a few instructions away.
            do {
                Thread.onSpinWait();
                next = (Envelope) Envelope.NEXT.getAcquire(current);
            } while (next == null);
        }
        head = next;
        return next;
    }

    /**
     * How many envelopes wait, counted up to {@code limit}; safe from any thread. Consumed nodes keep their links,
     * so a walk from a head the consumer has since moved past still ends at the tail: it may count envelopes
     * handled during the walk, and misses one whose producer is still linking it. For status, not for decisions.
     */
    long depth(long limit) {
        long count = 0;
        Envelope node = (Envelope) Envelope.NEXT.getAcquire(head);
        while (node != null && count < limit) {
            count++;
            node = (Envelope) Envelope.NEXT.getAcquire(node);
        }
        return count;
    }

    /** Whether nothing is queued, counting envelopes whose producer is still linking them. Consumer only. */
    boolean isEmpty() {
        return head == tail;
    }
}
