package io.thespis.examples.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The Java counterpart of Thespian's {@code logDefs}: until {@link #close()}, the root logger writes only to the
 * handlers given (and passes every level, as {@code 'loggers': {'': {'level': logging.DEBUG}}}); closing restores what
 * it had.
 */
final class LogDefs {
    private final Logger root = Logger.getLogger("");
    private final List<Handler> replaced = List.of(root.getHandlers());
    private final Level rootLevel = root.getLevel();
    private final List<Handler> handlers;

    private LogDefs(List<Handler> handlers) {
        this.handlers = handlers;
        replaced.forEach(root::removeHandler);
        handlers.forEach(root::addHandler);
        root.setLevel(Level.ALL);
    }

    /** Configures the root logger to write to {@code handlers} until {@link #close()}. */
    static LogDefs handlers(Handler... handlers) {
        return new LogDefs(List.of(handlers));
    }

    /**
     * A handler appending to {@code file} the records of {@code level} and above, each on a line of its own that
     * {@code format} makes from the record and its message: Python's {@code logging.FileHandler}.
     */
    static Handler file(Path file, Level level, BiFunction<LogRecord, String, String> format) throws IOException {
        Handler handler = new FileHandler(file.toString(), true);
        handler.setLevel(level);
        handler.setEncoding("UTF-8");
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord logRecord) {
                return format.apply(logRecord, formatMessage(logRecord)) + System.lineSeparator();
            }
        });
        return handler;
    }

    /** Python's {@code '%(levelname)-8s'}: the level's name, padded to 8. */
    static String levelName(LogRecord logRecord) {
        return String.format("%-8s", logRecord.getLevel().getName());
    }

    /** Closes the handlers and gives the root logger back what it had. */
    void close() {
        handlers.forEach(handler -> {
            root.removeHandler(handler);
            handler.close();
        });
        replaced.forEach(root::addHandler);
        root.setLevel(rootLevel);
    }
}
