package io.thespis.internal.cli;

import io.thespis.actor.spi.SystemSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of {@code thespis member}, in one place: its flag, its environment variable and its key in the
 * {@code --config} file, resolved with the precedence flag &gt; environment &gt; config file &gt; default.
 *
 * <pre>
 * flag                  environment                 config key          default
 * --port                THESPIS_PORT                port                1900
 * --advertise           THESPIS_ADVERTISE           advertise           127.0.0.1 (loopback only)
 * --leader              THESPIS_LEADER              leader              none: this member leads its own Convention
 * --capability (each)   THESPIS_CAPABILITIES (;)    capabilities (;)    none
 * --capabilities-file   THESPIS_CAPABILITIES_FILE   capabilities-file   none
 * --classpath (each)    THESPIS_CLASSPATH (:)       classpath (:)       none
 * --message-packages    THESPIS_MESSAGE_PACKAGES    message-packages    none (comma-separated)
 * --heartbeat-ms        THESPIS_HEARTBEAT_MS        heartbeat-ms        500
 * --member-timeout-ms   THESPIS_MEMBER_TIMEOUT_MS   member-timeout-ms   3000
 * --config              THESPIS_CONFIG              -                   none
 * </pre>
 *
 * <p>Capabilities from the file come first; {@code --capability} (or its variable or key) adds to and overrides them.
 *
 * @param port             the admin port
 * @param advertise        the host others reach this member at
 * @param leader           the leader's {@code host:port}, or {@code null}
 * @param capabilities     the typed capabilities
 * @param classpath        jars and directories with the actor classes
 * @param messagePackages  packages whose classes may cross hosts
 * @param heartbeat        the heartbeat interval
 * @param memberTimeout    the time after which a silent member is gone
 */
record MemberSettings(int port, String advertise, String leader, Map<String, Object> capabilities,
                      List<Path> classpath, List<String> messagePackages, Duration heartbeat, Duration memberTimeout) {

    /** What the operator typed; {@code null} or empty where a flag was not given. */
    record Flags(String port, String advertise, String leader, List<String> capabilities, String capabilitiesFile,
                 List<String> classpath, String messagePackages, String heartbeatMs, String memberTimeoutMs,
                 String config) {
    }

    /** Resolves the settings from {@code flags}, {@code environment} and the config file they name. */
    static MemberSettings resolve(Flags flags, Map<String, String> environment) {
        Sources sources = new Sources(environment, config(flags.config(), environment));
        int port = sources.integer("--port", flags.port(), "THESPIS_PORT", "port", 1900, 0, 65_535);
        String advertise = sources.text("--advertise", flags.advertise(), "THESPIS_ADVERTISE", "advertise", "127.0.0.1");
        String leader = sources.text("--leader", flags.leader(), "THESPIS_LEADER", "leader", null);
        if (leader != null) {
            try {
                SystemSettings.checkHostPort("--leader", leader);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + sources.origin("--leader", flags.leader(), "THESPIS_LEADER"));
            }
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        String capabilitiesFile = sources.text("--capabilities-file", flags.capabilitiesFile(),
                "THESPIS_CAPABILITIES_FILE", "capabilities-file", null);
        if (capabilitiesFile != null) {
            capabilities.putAll(CapabilityValues.readFile(Path.of(capabilitiesFile), "--capabilities-file"));
        }
        Sources.Listed listed = sources.list("--capability", flags.capabilities(), "THESPIS_CAPABILITIES",
                "capabilities", ";");
        CapabilityValues.parse(listed.values(), listed.origin(), capabilities);
        List<Path> classpath = new ArrayList<>();
        for (String entry : sources.list("--classpath", flags.classpath(), "THESPIS_CLASSPATH", "classpath",
                java.io.File.pathSeparator).values()) {
            Path path = Path.of(entry);
            if (!Files.isReadable(path)) {
                throw new UsageException("--classpath: cannot read " + path + " (expected a jar or a directory)");
            }
            classpath.add(path);
        }
        String packages = sources.text("--message-packages", flags.messagePackages(), "THESPIS_MESSAGE_PACKAGES",
                "message-packages", "");
        List<String> messagePackages = Arrays.stream(packages.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .toList();
        int heartbeatMs = sources.integer("--heartbeat-ms", flags.heartbeatMs(), "THESPIS_HEARTBEAT_MS",
                "heartbeat-ms", 500, 10, 60_000);
        int timeoutMs = sources.integer("--member-timeout-ms", flags.memberTimeoutMs(), "THESPIS_MEMBER_TIMEOUT_MS",
                "member-timeout-ms", 3000, 2 * heartbeatMs, 600_000);
        return new MemberSettings(port, advertise, leader, Map.copyOf(capabilities), List.copyOf(classpath),
                messagePackages, Duration.ofMillis(heartbeatMs), Duration.ofMillis(timeoutMs));
    }

    private static Properties config(String flag, Map<String, String> environment) {
        String file = flag != null ? flag : environment.get("THESPIS_CONFIG");
        Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException("--config: cannot read " + file + ": " + e.getMessage());
        }
        return properties;
    }

    /** The three places a setting can come from, below the flag. */
    private record Sources(Map<String, String> environment, Properties config) {
        record Listed(List<String> values, String origin) {
        }

        String text(String flag, String given, String variable, String key, String fallback) {
            if (given != null) {
                return given;
            }
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment.trim();
            }
            String fromFile = config.getProperty(key);
            return fromFile != null && !fromFile.isBlank() ? fromFile.trim() : fallback;
        }

        String origin(String flag, String given, String variable) {
            if (given != null) {
                return "";
            }
            return environment.containsKey(variable) ? " (from " + variable + ")" : " (from the config file)";
        }

        int integer(String flag, String given, String variable, String key, int fallback, int min, int max) {
            String text = text(flag, given, variable, key, null);
            if (text == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new UsageException(flag + ": expected a whole number " + min + ".." + max + ", got '" + text + "'"
                    + origin(flag, given, variable));
        }

        Listed list(String flag, List<String> given, String variable, String key, String separator) {
            if (given != null && !given.isEmpty()) {
                return new Listed(given, flag);
            }
            String joined = environment.get(variable);
            String origin = variable;
            if (joined == null || joined.isBlank()) {
                joined = config.getProperty(key);
                origin = "config key " + key;
            }
            if (joined == null || joined.isBlank()) {
                return new Listed(List.of(), flag);
            }
            return new Listed(Arrays.stream(joined.split(java.util.regex.Pattern.quote(separator)))
                    .map(String::trim).filter(entry -> !entry.isEmpty()).toList(), origin);
        }
    }
}
