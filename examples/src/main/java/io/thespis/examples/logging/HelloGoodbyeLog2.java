package io.thespis.examples.logging;

import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;
import io.thespis.examples.hello.HelloGoodbye;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * The introduction's {@code hellogoodbyelog2.py} (section 2.4): the same, with the logging configured for the run,
 * as Thespian's {@code logDefs} does: INFO and above to the file {@code hello.log}, formatted
 * {@code '%(levelname)-8s %(message)s'}, and nothing to the console.
 *
 * <p>Run: {@code java io.thespis.examples.logging.HelloGoodbyeLog2 [SEQUENTIAL|CONCURRENT] [LOG_FILE]}
 */
public final class HelloGoodbyeLog2 {
    private HelloGoodbyeLog2() {
    }

    /** Runs hellogoodbye on {@code base}, logging to {@code logFile}; returns the two answers. */
    public static String run(SystemBase base, Path logFile) throws IOException {
        LogDefs logDefs = LogDefs.handlers(LogDefs.file(logFile, Level.INFO,
                (logRecord, message) -> LogDefs.levelName(logRecord) + " " + message));
        try {
            return HelloGoodbye.run(base, LoggingHello.class);
        } finally {
            logDefs.close();
        }
    }

    /** Prints the greeting and the farewell; the log lines go to {@code hello.log}, or the file named. */
    public static void main(String[] args) throws IOException {
        System.out.println(run(Bases.fromArguments(args), Path.of(args.length > 1 ? args[1] : "hello.log")));
    }
}
