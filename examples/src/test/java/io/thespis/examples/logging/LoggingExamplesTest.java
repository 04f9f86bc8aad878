package io.thespis.examples.logging;

import io.thespis.actor.SystemBase;
import io.thespis.examples.hello.HelloGoodbye;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingExamplesTest {
    private static final String ANSWERS = "Hello, world!\nGoodbye";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void theLoggingHelloLogsWhatItGets(SystemBase base) {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                logged.add(logRecord.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LoggingHello.class.getName());
        logger.addHandler(capture);
        try {
            assertEquals(ANSWERS, HelloGoodbye.run(base, LoggingHello.class));
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals("Hello actor got: are you there?", logged.get(0));
        assertTrue(logged.contains("Hello actor got: ActorExitRequest[]"), logged.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void logDefsWriteTheActorsLinesToTheFile(SystemBase base, @TempDir Path work) throws IOException {
        Path log = work.resolve("hello.log");
        assertEquals(ANSWERS, HelloGoodbyeLog2.run(base, log));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals("INFO     Hello actor got: are you there?", lines.get(0));
        assertTrue(lines.contains("INFO     Hello actor got: ActorExitRequest[]"), lines.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void actorLinesShowTheActorsAddressAndTheOthersDoNot(SystemBase base, @TempDir Path work) throws IOException {
        Path log = work.resolve("hello.log");
        assertEquals(ANSWERS, HelloGoodbyeLog3.run(base, log));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals("INFO     Starting the example", lines.get(0));
        assertTrue(lines.get(1).matches("INFO {5}ActorAddr-\\(.+\\) => Hello actor got: are you there\\?"),
                lines.get(1));
        assertEquals("INFO     Finished with example", lines.get(lines.size() - 1));
    }
}
