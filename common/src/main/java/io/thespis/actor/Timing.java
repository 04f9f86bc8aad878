package io.thespis.actor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a networked Convention detects failures: how often a member sends the leader a heartbeat, and how long a
 * silent member (or leader) is waited for before it is declared gone. Three presets, after HashiCorp memberlist's
 * {@code DefaultLocalConfig}, {@code DefaultLANConfig} and {@code DefaultWANConfig}: detection time against false
 * alarms on a slower network.
 *
 * <pre>{@code
 * ActorSystem.builder().base(SystemBase.NETWORK).timing(Timing.WAN)...     // or thespis member --timing wan
 * }</pre>
 *
 * @param heartbeatInterval between heartbeats, 10 ms to 60 s
 * @param memberTimeout     the silence that declares a member gone: at least two heartbeat intervals, at most
 *                          10 minutes
 */
public record Timing(Duration heartbeatInterval, Duration memberTimeout) {
    // Before the presets, which the constructor checks against them.
    private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);
    private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(60);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** One host, or a test: heartbeats every 100 ms, gone after 500 ms of silence. */
    public static final Timing LOCAL = new Timing(Duration.ofMillis(100), Duration.ofMillis(500));
    /** One data center, the default: heartbeats every 500 ms, gone after 2.5 s. */
    public static final Timing LAN = new Timing(Duration.ofMillis(500), Duration.ofMillis(2_500));
    /** Across regions: heartbeats every 2 s, gone after 15 s. */
    public static final Timing WAN = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(15));

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException naming the value out of bounds and the bounds
     */
    public Timing {
        if (heartbeatInterval == null || heartbeatInterval.compareTo(MIN_HEARTBEAT) < 0
                || heartbeatInterval.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("the heartbeat interval must be 10 ms to 60 s, got "
                    + millis(heartbeatInterval));
        }
        if (memberTimeout == null || memberTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0
                || memberTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the member timeout must be two heartbeat intervals ("
                    + heartbeatInterval.multipliedBy(2).toMillis() + " ms) to 10 minutes, got "
                    + millis(memberTimeout));
        }
    }

    /**
     * The preset called {@code name}: {@code local}, {@code lan} or {@code wan}, in any case.
     *
     * @throws IllegalArgumentException naming the presets for any other name
     */
    public static Timing preset(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "local" -> LOCAL;
            case "lan" -> LAN;
            case "wan" -> WAN;
            default -> throw new IllegalArgumentException("timing must be one of " + List.of("local", "lan", "wan")
                    + ", got '" + name + "'");
        };
    }

    private static String millis(Duration duration) {
        return duration == null ? "null" : duration.toMillis() + " ms";
    }
}
