package io.thespis.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The product's own signals of membership changes, read off its log: a {@code java.util.logging} handler on the
 * {@code io.thespis} loggers (where the product's {@code System.Logger}s go) that writes an {@code event} line,
 * stamped with the log record's time, for each record of {@link #KINDS}. The log itself is unchanged (the
 * records still reach the console handler and so the member's log file).
 */
final class ProductEvents extends Handler {
    /** The logger the handler is on: kept, since {@code java.util.logging} holds its loggers weakly. */
    private static final Logger PRODUCT = Logger.getLogger("io.thespis");

    /**
     * One kind of event: a record of logger {@code logger} (its simple name) whose message starts with (or, for
     * a {@code contains} kind, contains) {@code text}.
     */
    private record Kind(String name, String logger, String text, boolean contains) {
        boolean matches(String simpleLogger, String message) {
            return simpleLogger.equals(logger) && (contains ? message.contains(text) : message.startsWith(text));
        }
    }

    /** The events written; their names are what the test reads. */
    static final List<Kind> KINDS = List.of(
            new Kind("leader-lost", "LeaderLink", "lost the Convention Leader at ", false),
            new Kind("leader-unreachable", "LeaderLink", "cannot reach the Convention Leader at ", false),
            new Kind("joined", "LeaderLink", "joined the Convention led by ", false),
            new Kind("rejoined", "LeaderLink", "rejoined the Convention led by ", false),
            new Kind("refused-as-gone", "LeaderLink", "says this member was declared gone", true),
            new Kind("declared-gone", "NetworkActorSystem", "was declared gone (", true),
            new Kind("member-removed", "NetworkActorSystem", " left the Convention: ", true),
            new Kind("leader-isolated", "ConventionLeader", "the leader lost most members at once", false),
            new Kind("leader-unisolated", "ConventionLeader", "the leader hears from most members again", false),
            new Kind("link-lost", "PeerLink", "lost the link to ", false),
            new Kind("link-back", "PeerLink", "the link to ", false),
            new Kind("link-dead", "PeerLink", ": messages to it become dead letters", true));

    private final ProbeOutput output;
    private final Runnable onDeclaredGone;

    private ProductEvents(ProbeOutput output, Runnable onDeclaredGone) {
        this.output = output;
        this.onDeclaredGone = onDeclaredGone;
        setLevel(Level.ALL);
    }

    /** Installs the handler; {@code onDeclaredGone} runs (on the logging thread: it must only signal) on each. */
    static void install(ProbeOutput output, Runnable onDeclaredGone) {
        PRODUCT.addHandler(new ProductEvents(output, onDeclaredGone));
    }

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName();
        String message = record.getMessage();
        if (logger == null || message == null) {
            return;
        }
        String simple = logger.substring(logger.lastIndexOf('.') + 1);
        for (Kind kind : KINDS) {
            if (kind.matches(simple, message)) {
                if (kind.name().equals("link-back") && !message.contains(" is back after ")) {
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("kind", kind.name());
                fields.put("message", message);
                output.emitAt("event", record.getInstant().toEpochMilli(), fields);
                if (kind.name().equals("declared-gone") || kind.name().equals("refused-as-gone")) {
                    onDeclaredGone.run();
                }
                return;
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
