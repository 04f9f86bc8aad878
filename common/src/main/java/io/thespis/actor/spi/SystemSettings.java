package io.thespis.actor.spi;

import io.thespis.actor.SystemBase;
import io.thespis.actor.Timing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings an {@link io.thespis.actor.ActorSystem.Builder} collected, handed to a provider.
 *
 * @param base             the system base
 * @param capabilities     the initial capabilities
 * @param adminPort        the admin port (0 = any free port)
 * @param advertise        the host others reach this system at, or {@code null} for the provider's default
 * @param conventionLeader the leader's {@code host:port}, or {@code null} to run alone
 * @param messagePackages  package prefixes whose classes may cross hosts
 * @param heartbeatInterval how often a member tells the leader it is alive
 * @param memberTimeout    how long the leader waits for a silent member before declaring it gone
 * @param stateDirectory   where a networked system keeps loaded sources, or {@code null} for a fresh temporary
 *                         directory
 * @param sources          how loaded actor sources are accepted
 * @param metricsPort      where a networked system serves Prometheus metrics ({@code /metrics}) on its advertised
 *                         host: 0 for any free port, {@link #NO_METRICS} for none
 * @param tls              the mutual-TLS files of a networked system, or {@code null} for plaintext
 * @param insecurePlaintext whether plaintext is allowed on an address other than loopback
 */
public record SystemSettings(SystemBase base, Map<String, Object> capabilities, int adminPort, String advertise,
                             String conventionLeader, List<String> messagePackages, Duration heartbeatInterval,
                             Duration memberTimeout, Path stateDirectory, SourceSettings sources, int metricsPort,
                             TlsSettings tls, boolean insecurePlaintext) {
    /** No metrics endpoint. */
    public static final int NO_METRICS = -1;
    /** The admin port when none is given, as Thespian's. */
    public static final int DEFAULT_ADMIN_PORT = 1900;
    /** The heartbeat interval when none is given: {@link Timing#LAN}'s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Timing.LAN.heartbeatInterval();
    /** The member timeout when none is given: {@link Timing#LAN}'s. */
    public static final Duration DEFAULT_MEMBER_TIMEOUT = Timing.LAN.memberTimeout();

    /** Keeps immutable copies. */
    public SystemSettings {
        capabilities = Map.copyOf(capabilities);
        messagePackages = List.copyOf(messagePackages);
    }

    /**
     * Checks that {@code value} is {@code host:port} with a port in 1..65535.
     *
     * @param setting the setting's name, for the error message
     * @return {@code value}
     */
    public static String checkHostPort(String setting, String value) {
        String expected = setting + " must be HOST:PORT with a port in 1..65535, got '" + value + "'";
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(expected);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(expected);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected, e);
        }
        return value;
    }
}
