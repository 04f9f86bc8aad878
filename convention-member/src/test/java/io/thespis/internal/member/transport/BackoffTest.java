package io.thespis.internal.member.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private static List<Long> delaysMillis(Backoff backoff, int count) {
        return Stream.generate(backoff::next).limit(count).map(Duration::toMillis).toList();
    }

    @Test
    void delaysDoubleUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), delaysMillis(backoff, 6));
    }

    @Test
    void jitterSpreadsEachDelayByAFifthAndNeverPassesTheCap() {
        assertEquals(List.of(80L, 160L, 320L, 640L, 800L), delaysMillis(
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0), 5));
        assertEquals(List.of(119L, 239L, 479L, 959L, 1000L), delaysMillis(
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999), 5));
    }

    @Test
    void aSuccessStartsOver() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        delaysMillis(backoff, 4);
        backoff.reset();
        assertEquals(List.of(100L, 200L), delaysMillis(backoff, 2));
    }

    @Test
    void aCapBelowTheFirstDelayIsRefusedWithBothValues() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.5));
        assertEquals("backoff needs 0 < first <= cap, got first PT2S, cap PT1S", error.getMessage());
    }
}
