package io.thespis.internal.membership;

import java.util.function.LongSupplier;

/**
 * A rate limit: up to {@code burst} at once, refilled at {@code perSecond}, on the clock it is given (so that
 * tests run it in virtual time). Not thread-safe: its owner guards it.
 *
 * <pre>{@code
 * TokenBucket lines = new TokenBucket(100, 1_000, System::nanoTime);
 * if (!lines.take()) { dropped++; }
 * }</pre>
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastNanos;

    /** Full at first: {@code burst} may be taken at once, then {@code perSecond}. */
    public TokenBucket(double perSecond, double burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a rate above 0 and a burst of at least 1, got "
                    + perSecond + " per second and " + burst);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.lastNanos = nanoTime.getAsLong();
    }

    /** Takes one token: whether one was there. */
    public boolean take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
        lastNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
