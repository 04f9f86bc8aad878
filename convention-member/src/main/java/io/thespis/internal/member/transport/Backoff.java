package io.thespis.internal.member.transport;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter, for reconnecting: each delay doubles from {@code first}, is spread by
 * ±{@link #JITTER} so that members that lost the same peer do not retry in step, and never exceeds {@code cap}.
 * The random source is injected, so tests fix it. Not thread-safe: its owner serializes calls.
 */
public final class Backoff {
    /** The first delay before reconnecting to a lost peer or leader. */
    public static final Duration FIRST_RECONNECT = Duration.ofMillis(100);
    /** The longest delay before reconnecting to a lost peer or leader. */
    public static final Duration MAX_RECONNECT = Duration.ofSeconds(1);
    /** How far a delay is spread around its nominal value, as a fraction. */
    static final double JITTER = 0.2;

    private final long firstNanos;
    private final long capNanos;
    private final DoubleSupplier random;
    private long nominalNanos;

    /** Delays from {@code first} to {@code cap}; {@code random} gives numbers in [0, 1). */
    public Backoff(Duration first, Duration cap, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= cap, got first " + first + ", cap " + cap);
        }
        this.firstNanos = first.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
        this.nominalNanos = firstNanos;
    }

    /** The delay before the next attempt; the one after it is twice as long, up to the cap. */
    public Duration next() {
        long nominal = nominalNanos;
        nominalNanos = Math.min(capNanos, nominalNanos * 2);
        double spread = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.min(capNanos, (long) (nominal * spread)));
    }

    /** An attempt succeeded: the next delay is the first again. */
    public void reset() {
        nominalNanos = firstNanos;
    }
}
