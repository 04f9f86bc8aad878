package io.thespis.reliability;

import io.thespis.actor.spi.SystemSettings;

import java.time.Duration;

/**
 * The {@code failureDetection(heartbeat, timeout)} the probes start with: the product's defaults unless the run
 * sets {@code -Dreliability.heartbeatMs} and {@code -Dreliability.memberTimeoutMs}.
 *
 * @param heartbeat     the heartbeat interval; {@code null} for the product's default
 * @param memberTimeout the member timeout; {@code null} for the product's default
 */
record DetectionSettings(Duration heartbeat, Duration memberTimeout) {

    /** The settings this run asked for. */
    static DetectionSettings fromSystemProperties() {
        String heartbeat = System.getProperty("reliability.heartbeatMs");
        String timeout = System.getProperty("reliability.memberTimeoutMs");
        if (heartbeat == null && timeout == null) {
            return new DetectionSettings(null, null);
        }
        if (heartbeat == null || timeout == null) {
            throw new IllegalArgumentException("set both reliability.heartbeatMs and reliability.memberTimeoutMs, "
                    + "got " + heartbeat + " and " + timeout);
        }
        return new DetectionSettings(Duration.ofMillis(Long.parseLong(heartbeat)),
                Duration.ofMillis(Long.parseLong(timeout)));
    }

    /** The probe's heartbeat argument: ms, or {@code -} for the default. */
    String heartbeatArgument() {
        return heartbeat == null ? "-" : String.valueOf(heartbeat.toMillis());
    }

    /** The probe's member-timeout argument: ms, or {@code -} for the default. */
    String timeoutArgument() {
        return memberTimeout == null ? "-" : String.valueOf(memberTimeout.toMillis());
    }

    /** For the report. */
    String describe() {
        return heartbeat == null
                ? "the product's defaults (no failureDetection call): heartbeat "
                + SystemSettings.DEFAULT_HEARTBEAT_INTERVAL.toMillis() + " ms, member timeout "
                + SystemSettings.DEFAULT_MEMBER_TIMEOUT.toMillis() + " ms"
                : "failureDetection(" + heartbeat.toMillis() + " ms, " + memberTimeout.toMillis() + " ms)";
    }
}
