package io.thespis.internal.membership;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate limit, in virtual time. */
class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private int takenOf(TokenBucket bucket, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            taken += bucket.take() ? 1 : 0;
        }
        return taken;
    }

    @Test
    void aFullBucketGivesItsBurstThenItsRateAndNeverMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(10, 50, now::get);
        assertEquals(50, takenOf(bucket, 80), "the burst at once");
        assertFalse(bucket.take());
        now.addAndGet(500_000_000L);
        assertEquals(5, takenOf(bucket, 80), "half a second at 10 a second");
        now.addAndGet(3_600_000_000_000L);
        assertEquals(50, takenOf(bucket, 80), "an hour idle refills no more than the burst");
        now.addAndGet(99_000_000L);
        assertFalse(bucket.take(), "0.99 of a token is none");
        now.addAndGet(1_000_000L);
        assertTrue(bucket.take());
    }

    @Test
    void aBucketThatCouldNeverGiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 10, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 0.5, now::get));
    }
}
