package io.thespis.internal.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TruthinessTest {
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(null, false),
                Arguments.of(true, true),
                Arguments.of(false, false),
                Arguments.of(0, false),
                Arguments.of(2, true),
                Arguments.of(0.0, false),
                Arguments.of(-0.5, true),
                Arguments.of(0L, false),
                Arguments.of("", false),
                Arguments.of("eu-west", true),
                Arguments.of("false", true),
                Arguments.of(List.of(), false),
                Arguments.of(List.of(1), true),
                Arguments.of(Map.of(), false),
                Arguments.of(Map.of("k", "v"), true),
                Arguments.of(new int[0], false),
                Arguments.of(new int[] {1}, true),
                Arguments.of(new Object(), true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void followsPythonTruthiness(Object value, boolean truthy) {
        assertEquals(truthy, Truthiness.isTruthy(value));
    }
}
