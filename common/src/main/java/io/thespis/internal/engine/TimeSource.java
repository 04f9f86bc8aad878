package io.thespis.internal.engine;

import java.util.concurrent.locks.Condition;

/**
 * Not API: the clock of the sequential base, injected so that tests move time instead of sleeping.
 */
public interface TimeSource {
    /** The real clock. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void await(Condition condition, long nanos) throws InterruptedException {
            condition.awaitNanos(nanos);
        }
    };

    /** The current time in nanoseconds, from an arbitrary origin. */
    long nanoTime();

    /**
     * Waits on {@code condition} (whose lock the caller holds) for up to {@code nanos}, or until signalled.
     * A fake clock advances itself by {@code nanos} and returns at once.
     */
    void await(Condition condition, long nanos) throws InterruptedException;
}
