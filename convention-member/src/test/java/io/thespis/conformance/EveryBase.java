package io.thespis.conformance;

import io.thespis.actor.SystemBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated scenario once per base, SEQUENTIAL, CONCURRENT and NETWORK, as Thespian's {@code asys} fixture
 * runs each of its tests once per system base. The scenario takes the base as its first parameter and starts its
 * system with {@link ConformanceTest#system}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(SystemBase.class)
@interface EveryBase {
}
