package io.thespis.actor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CreateOptionsTest {
    private static String refusal(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void aNullRequirementIsRefusedNamingIt() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("foo", null);
        assertEquals("requirement 'foo' needs a value, got null; leave it out instead",
                refusal(() -> CreateOptions.none().withRequirements(withNull)));
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, "woof");
        assertEquals("requirement names must not be null, got requirements {null=woof}",
                refusal(() -> CreateOptions.none().withRequirements(nullName)));
    }

    @Test
    void requirementsAreKeptAsAnImmutableCopy() {
        Map<String, Object> given = new HashMap<>(Map.of("foo", "woof"));
        CreateOptions options = CreateOptions.none().withRequirements(given);
        given.put("bar", "foo");
        assertEquals(Map.of("foo", "woof"), options.requirements());
        assertThrows(UnsupportedOperationException.class, () -> options.requirements().put("x", 1));
        assertEquals(Map.of(), new CreateOptions(null, null, null, null).requirements());
        assertEquals(Duration.ZERO, new CreateOptions(null, null, null, null).placementTimeout());
    }

    @Test
    void badNamesAndTimeoutsAreRefused() {
        assertEquals("globalName must not be blank; use null for no global name",
                refusal(() -> CreateOptions.none().withGlobalName(" ")));
        assertEquals("placementTimeout must not be negative, got PT-1S",
                refusal(() -> CreateOptions.none().withPlacementTimeout(Duration.ofSeconds(-1))));
    }
}
