package io.thespis.internal.leader;

import io.thespis.internal.membership.TokenBucket;
import io.thespis.proto.v1.ForwardedLog;
import io.thespis.proto.v1.ForwardedLogs;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Writes into the leader's log what one member forwards of its own (lines of WARNING level and above): each under
 * the logger {@value #LOGGER}, at its level, naming the member, the actor the line is about and when the member
 * logged it. Nothing that arrives is trusted: each field is cut to a bound, at most {@link #LINES_PER_MESSAGE} lines
 * of a message are read, and a member's lines are limited to {@link #PER_SECOND} a second (bursts of
 * {@link #BURST}); what is over is counted, and said once when it starts and once when it ends.
 *
 * <pre>
 * WARN  io.thespis.forwarded - from 10.0.0.2:1900 [ActorAddr-(10.0.0.2:1900/mxdgia2c#17)] at 2026-12-08T02:00:01.123Z:
 *       com.example.app.DbUpdater - the database is slow (java.sql.SQLTimeoutException: 30 s)
 * </pre>
 */
public final class ForwardedLogWriter {
    /** The logger of forwarded lines; a member never forwards what is logged under it. */
    public static final String LOGGER = "io.thespis.forwarded";
    /** Lines of one member written per second, at most. */
    public static final int PER_SECOND = 100;
    /** Lines of one member written at once, at most. */
    public static final int BURST = 1_000;
    /** Lines read from one message, at most. */
    public static final int LINES_PER_MESSAGE = 100;
    /** The longest message written, in characters; longer ones are cut. */
    public static final int MAX_MESSAGE_CHARS = 4_096;
    /** The longest logger name, member or actor address written, in characters. */
    public static final int MAX_NAME_CHARS = 256;
    /** The longest exception summary written, in characters. */
    public static final int MAX_THROWN_CHARS = 1_024;
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final String member;
    private final TokenBucket rate;
    private long droppedInEpisode;

    /** A writer of the lines of {@code member}, limited on {@code nanoTime}'s clock. */
    public ForwardedLogWriter(String member, LongSupplier nanoTime) {
        this.member = cut(member, MAX_NAME_CHARS);
        this.rate = new TokenBucket(PER_SECOND, BURST, nanoTime);
    }

    /** Writes what {@code logs} holds, within the bounds. */
    public synchronized void write(ForwardedLogs logs) {
        if (logs.getDropped() > 0 && admitted()) {
            LOG.log(Level.WARNING, "from " + member + ": " + Long.toUnsignedString(logs.getDropped())
                    + " lines were not forwarded (over the member's rate, or while its outbox was full); its own log"
                    + " has them");
        }
        int count = Math.min(logs.getLinesCount(), LINES_PER_MESSAGE);
        for (int i = 0; i < count; i++) {
            if (admitted()) {
                ForwardedLog line = logs.getLines(i);
                LOG.log("ERROR".equals(line.getLevel()) ? Level.ERROR : Level.WARNING, text(line));
            }
        }
        droppedInEpisode += logs.getLinesCount() - count;
    }

    /** Whether one more line may be written now; the start and the end of an episode over the rate are said. */
    private boolean admitted() {
        if (rate.take()) {
            if (droppedInEpisode > 0) {
                LOG.log(Level.WARNING, "from " + member + ": " + droppedInEpisode + " forwarded lines were dropped"
                        + " (over " + PER_SECOND + " a second, or " + LINES_PER_MESSAGE + " a message); its own log"
                        + " has them");
                droppedInEpisode = 0;
            }
            return true;
        }
        if (droppedInEpisode++ == 0) {
            LOG.log(Level.WARNING, member + " forwards more than " + PER_SECOND + " lines a second; dropping the rest"
                    + " until it slows down, counted");
        }
        return false;
    }

    private String text(ForwardedLog line) {
        String actor = line.getActorAddress().isEmpty() ? "" : " [" + cut(line.getActorAddress(), MAX_NAME_CHARS) + "]";
        String thrown = line.getThrown().isEmpty() ? "" : " (" + cut(line.getThrown(), MAX_THROWN_CHARS) + ")";
        return "from " + member + actor + " at " + Instant.ofEpochMilli(line.getTimeMs()) + ": "
                + cut(line.getLogger(), MAX_NAME_CHARS) + " - " + cut(line.getMessage(), MAX_MESSAGE_CHARS) + thrown;
    }

    /** {@code text} up to {@code max} characters, marked when cut. */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + (text.length() - max) + " more)";
    }
}
