package io.thespis.examples.hello;

import io.thespis.actor.SystemBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelloExamplesTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void helloAnswers(SystemBase base) {
        assertEquals("Hello, world!", Hello.sayHello(base));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void helloGoodbyeAnswersThroughTheWorldActor(SystemBase base) {
        assertEquals("Hello, world!\nGoodbye", HelloGoodbye.run(base));
    }
}
