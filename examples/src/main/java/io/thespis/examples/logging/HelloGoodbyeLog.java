package io.thespis.examples.logging;

import io.thespis.examples.Bases;
import io.thespis.examples.hello.HelloGoodbye;

/**
 * The introduction's {@code hellogoodbyelog.py} (section 2.4): hellogoodbye with a Hello actor that logs what it
 * gets, through plain Java logging, whose default configuration writes INFO and above to the console (standard
 * error).
 *
 * <p>Run: {@code java io.thespis.examples.logging.HelloGoodbyeLog [SEQUENTIAL|CONCURRENT]}
 */
public final class HelloGoodbyeLog {
    private HelloGoodbyeLog() {
    }

    /** Prints the greeting and the farewell; the Hello actor's log lines go to the console. */
    public static void main(String[] args) {
        System.out.println(HelloGoodbye.run(Bases.fromArguments(args), LoggingHello.class));
    }
}
