package io.thespis.internal.leader;

import io.thespis.proto.v1.ForwardedLog;
import io.thespis.proto.v1.ForwardedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the leader writes of a member's forwarded lines, and the bounds it holds a member to, in virtual time. */
class ForwardedLogWriterTest {
    private static final String MEMBER = "10.0.0.2:1900";
    private static final String ACTOR = "ActorAddr-(10.0.0.2:1900/mxdgia2c#17)";

    private final AtomicLong now = new AtomicLong();
    private final List<LogRecord> written = new ArrayList<>();
    private final Logger forwarded = Logger.getLogger(ForwardedLogWriter.LOGGER);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            written.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        forwarded.addHandler(capture);
        forwarded.setUseParentHandlers(false);
    }

    @AfterEach
    void release() {
        forwarded.removeHandler(capture);
        forwarded.setUseParentHandlers(true);
    }

    private static ForwardedLog line(String level, String message) {
        return ForwardedLog.newBuilder().setTimeMs(1_765_159_201_123L).setLevel(level)
                .setLogger("com.example.app.DbUpdater").setMessage(message).setActorAddress(ACTOR)
                .setThrown("java.sql.SQLTimeoutException: 30 s").build();
    }

    private static ForwardedLogs lines(int count) {
        ForwardedLogs.Builder logs = ForwardedLogs.newBuilder();
        for (int i = 0; i < count; i++) {
            logs.addLines(ForwardedLog.newBuilder().setLevel("WARN").setLogger("l").setMessage("line " + i));
        }
        return logs.build();
    }

    private List<String> messages() {
        return written.stream().map(LogRecord::getMessage).toList();
    }

    @Test
    void eachLineNamesItsMemberActorTimeLoggerAndExceptionAtItsLevel() {
        ForwardedLogWriter writer = new ForwardedLogWriter(MEMBER, now::get);
        writer.write(ForwardedLogs.newBuilder().addLines(line("WARN", "the database is slow"))
                .addLines(line("ERROR", "the database is gone")).build());
        assertEquals(List.of("from " + MEMBER + " [" + ACTOR + "] at 2025-12-08T02:00:01.123Z: com.example.app.DbUpdater"
                        + " - the database is slow (java.sql.SQLTimeoutException: 30 s)",
                "from " + MEMBER + " [" + ACTOR + "] at 2025-12-08T02:00:01.123Z: com.example.app.DbUpdater"
                        + " - the database is gone (java.sql.SQLTimeoutException: 30 s)"), messages());
        assertEquals(Level.WARNING, written.get(0).getLevel());
        assertEquals(Level.SEVERE, written.get(1).getLevel());
    }

    @Test
    void whatIsTooLongIsCutAndSaysByHowMuch() {
        new ForwardedLogWriter(MEMBER, now::get).write(ForwardedLogs.newBuilder()
                .addLines(line("WARN", "x".repeat(ForwardedLogWriter.MAX_MESSAGE_CHARS + 10))
                        .toBuilder().setActorAddress("").setThrown("").build()).build());
        String message = messages().get(0);
        assertTrue(message.endsWith(" - " + "x".repeat(ForwardedLogWriter.MAX_MESSAGE_CHARS) + "... (10 more)"),
                message);
        assertTrue(message.startsWith("from " + MEMBER + " at "), "no actor: no brackets; " + message);
    }

    @Test
    void aMemberOverItsRateIsCutOffWithOneLineAndTheCountIsSaidWhenItSlowsDown() {
        ForwardedLogWriter writer = new ForwardedLogWriter(MEMBER, now::get);
        for (int i = 0; i < 15; i++) {
            writer.write(lines(ForwardedLogWriter.LINES_PER_MESSAGE));
        }
        List<String> messages = messages();
        assertEquals(ForwardedLogWriter.BURST + 1, messages.size(), "the burst, and one line saying the rest goes");
        assertEquals(MEMBER + " forwards more than " + ForwardedLogWriter.PER_SECOND + " lines a second; dropping"
                + " the rest until it slows down, counted", messages.get(ForwardedLogWriter.BURST));
        written.clear();
        now.addAndGet(1_000_000_000L);
        writer.write(lines(1));
        assertEquals("from " + MEMBER + ": 500 forwarded lines were dropped (over 100 a second, or 100 a message); its"
                + " own log has them", messages().get(0));
        assertTrue(messages().get(1).endsWith(": l - line 0"), messages().get(1));
    }

    @Test
    void aMessageIsReadUpToItsBoundAndWhatTheMemberDroppedIsSaid() {
        ForwardedLogWriter writer = new ForwardedLogWriter(MEMBER, now::get);
        writer.write(lines(ForwardedLogWriter.LINES_PER_MESSAGE + 20).toBuilder().setDropped(7).build());
        assertEquals("from " + MEMBER + ": 7 lines were not forwarded (over the member's rate, or while its outbox was"
                + " full); its own log has them", messages().get(0));
        assertEquals(1 + ForwardedLogWriter.LINES_PER_MESSAGE, messages().size());
        writer.write(lines(1));
        assertTrue(messages().get(messages().size() - 2).startsWith("from " + MEMBER + ": 20 forwarded lines were"
                + " dropped"), String.join("\n", messages()));
    }
}
