package io.thespis.internal.member.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Says yes to the first occurrence of each key per period, for logging what a remote party can repeat at will
 * once per peer and period. Remembers a bounded number of keys, so remote parties cannot fill it either.
 */
public final class OncePerPeriod {
    private static final int KEYS_REMEMBERED = 10_000;

    private final Cache<String, Boolean> seen;

    /** A period of {@code period} on the clock {@code nanoTime}. */
    public OncePerPeriod(Duration period, LongSupplier nanoTime) {
        this.seen = Caffeine.newBuilder().maximumSize(KEYS_REMEMBERED)
                .expireAfterWrite(period.toNanos(), TimeUnit.NANOSECONDS).ticker(nanoTime::getAsLong).build();
    }

    /** Whether this is the first {@code key} of its period. */
    public boolean first(String key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }
}
