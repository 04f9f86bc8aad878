package io.thespis.internal.leader;

import java.time.Duration;

/**
 * How the leader detects failures.
 *
 * @param heartbeatInterval how often members send a heartbeat (and how often the leader looks for silent ones)
 * @param memberTimeout     how long a member may stay silent before it is declared gone
 */
public record LeaderSettings(Duration heartbeatInterval, Duration memberTimeout) {
    /** Heartbeats every 500 ms; gone after 2.5 s of silence (a dead process is noticed at once). */
    public static final LeaderSettings DEFAULTS = new LeaderSettings(Duration.ofMillis(500), Duration.ofMillis(2500));

    /** Checks that the timeout leaves room for several heartbeats. */
    public LeaderSettings {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive, got " + heartbeatInterval);
        }
        if (memberTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("memberTimeout must be at least two heartbeat intervals ("
                    + heartbeatInterval.multipliedBy(2) + "), got " + memberTimeout);
        }
    }
}
