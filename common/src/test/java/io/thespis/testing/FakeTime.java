package io.thespis.testing;

import io.thespis.internal.engine.TimeSource;

import java.time.Duration;
import java.util.concurrent.locks.Condition;

/**
 * A clock for the sequential base that only moves when the system would wait, or when the test moves it: time
 * jumps, so timeouts and wakeups cost no real time.
 */
public final class FakeTime implements TimeSource {
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void await(Condition condition, long nanos) {
        now += nanos;
    }

    /** Moves the clock forward by {@code by}, as if the caller had been away that long. */
    public void advance(Duration by) {
        now += by.toNanos();
    }
}
