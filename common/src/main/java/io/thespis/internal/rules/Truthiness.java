package io.thespis.internal.rules;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * When a capability value counts as "true", as Python's truthiness that Thespian users expect.
 */
public final class Truthiness {
    private Truthiness() {
    }

    /**
     * {@code null} and {@code false} are false; numbers are true when non-zero; strings, collections, maps and
     * arrays when non-empty; any other value is true.
     */
    public static boolean isTruthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0.0;
        }
        if (value instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value) > 0;
        }
        return true;
    }
}
