package io.thespis.internal.member.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.thespis.internal.leader.ForwardedLogWriter;
import io.thespis.proto.v1.ForwardedLog;

/**
 * A Logback appender that forwards this member's lines of WARN level and above, the actors' and the system's, to
 * the Convention Leader's log (the introduction's "any messages of Warning level or higher are forwarded to the
 * Convention Leader"), with the actor the line is about (the MDC key {@code actorAddress}). The shipped
 * {@code conf/logback.xml} has it; an embedded networked system that logs with Logback adds it the same way:
 *
 * <pre>{@code
 * <appender name="leader" class="io.thespis.internal.member.logging.LeaderForwardingAppender"/>
 * <root level="INFO"><appender-ref ref="stderr"/><appender-ref ref="leader"/></root>
 * }</pre>
 *
 * <p>It never waits: a line goes to a bounded, rate-limited outbox ({@link WarningOutbox}) that the member's link to
 * the leader empties; on the leader, and when no member of this JVM forwards (the leader's own JVM), it does nothing.
 * Lines the leader writes for others (logger {@value ForwardedLogWriter#LOGGER}) are never forwarded again.
 */
public final class LeaderForwardingAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN) || !WarningForwarding.wanted()
                || event.getLoggerName().startsWith(ForwardedLogWriter.LOGGER)) {
            return;
        }
        String actor = event.getMDCPropertyMap().get("actorAddress");
        IThrowableProxy thrown = event.getThrowableProxy();
        WarningForwarding.offer(ForwardedLog.newBuilder()
                .setTimeMs(event.getTimeStamp())
                .setLevel(event.getLevel().isGreaterOrEqual(Level.ERROR) ? "ERROR" : "WARN")
                .setLogger(ForwardedLogWriter.cut(event.getLoggerName(), ForwardedLogWriter.MAX_NAME_CHARS))
                .setMessage(ForwardedLogWriter.cut(String.valueOf(event.getFormattedMessage()),
                        ForwardedLogWriter.MAX_MESSAGE_CHARS))
                .setActorAddress(actor == null ? "" : ForwardedLogWriter.cut(actor, ForwardedLogWriter.MAX_NAME_CHARS))
                .setThrown(thrown == null ? "" : ForwardedLogWriter.cut(thrown.getClassName()
                        + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()), ForwardedLogWriter.MAX_THROWN_CHARS))
                .build());
    }
}
