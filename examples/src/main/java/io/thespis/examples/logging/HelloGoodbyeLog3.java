package io.thespis.examples.logging;

import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;
import io.thespis.examples.hello.HelloGoodbye;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The introduction's third logging example (section 2.4.1, source actor address logging): the lines of actors show
 * the actor's address ({@code '%(levelname)-8s %(actorAddress)s => %(message)s'}), the lines of the program around
 * them do not ({@code '%(levelname)-8s %(message)s'}), both in {@code hello.log}. Where Thespian's configuration
 * selects the format with a pair of filters on whether a record has the {@code actorAddress} attribute, the handler
 * here selects it by whether the record is an {@link ActorLogRecord}.
 *
 * <p>Run: {@code java io.thespis.examples.logging.HelloGoodbyeLog3 [SEQUENTIAL|CONCURRENT] [LOG_FILE]}
 */
public final class HelloGoodbyeLog3 {
    private static final Logger LOG = Logger.getLogger(HelloGoodbyeLog3.class.getName());

    private HelloGoodbyeLog3() {
    }

    /** Runs hellogoodbye on {@code base}, logging to {@code logFile}; returns the two answers. */
    public static String run(SystemBase base, Path logFile) throws IOException {
        LogDefs logDefs = LogDefs.handlers(LogDefs.file(logFile, Level.INFO, (logRecord, message) ->
                logRecord instanceof ActorLogRecord actorLog
                        ? LogDefs.levelName(logRecord) + " " + actorLog.actorAddress() + " => " + message
                        : LogDefs.levelName(logRecord) + " " + message));
        try {
            LOG.info("Starting the example");
            String answers = HelloGoodbye.run(base, LoggingHello.class);
            LOG.info("Finished with example");
            return answers;
        } finally {
            logDefs.close();
        }
    }

    /** Prints the greeting and the farewell; the log lines go to {@code hello.log}, or the file named. */
    public static void main(String[] args) throws IOException {
        System.out.println(run(Bases.fromArguments(args), Path.of(args.length > 1 ? args[1] : "hello.log")));
    }
}
