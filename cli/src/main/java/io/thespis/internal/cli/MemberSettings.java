package io.thespis.internal.cli;

import io.thespis.actor.Timing;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.actor.spi.TlsSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of {@code thespis member}, resolved from the table {@link MemberSetting} with the precedence flag &gt;
 * environment &gt; config file &gt; timing preset &gt; default; {@link #effective()} says where each value came from.
 *
 * <p>Capabilities from the file come first; {@code --capability} (or its variable or key) adds to and overrides them.
 * A log configuration named here beats {@code -Dlogback.configurationFile} in {@code JAVA_OPTS}, which beats the one
 * {@code bin/thespis} passes by default.
 *
 * @param port             the admin port
 * @param advertise        the host others reach this member at
 * @param leader           the leader's {@code host:port}, or {@code null}
 * @param capabilities     the typed capabilities
 * @param classpath        jars and directories with the actor classes
 * @param messagePackages  packages whose classes may cross hosts
 * @param heartbeat        the heartbeat interval
 * @param memberTimeout    the time after which a silent member is gone
 * @param stateDirectory   where sources are kept, or {@code null} for a temporary directory
 * @param sources          how loaded sources are accepted
 * @param logConfig        the Logback configuration file to log with (absolute), or {@code null} to leave the choice
 *                         to the JVM's {@code logback.configurationFile}
 * @param metricsPort      where Prometheus metrics are served (0: any free port), or
 *                         {@link SystemSettings#NO_METRICS}
 * @param tls              the member's mutual-TLS files ({@code thespis certs member} wrote them), or {@code null}
 * @param insecurePlaintext whether plaintext is allowed beyond loopback
 * @param effective         every setting's value as used, and where it came from, in table order
 */
record MemberSettings(int port, String advertise, String leader, Map<String, Object> capabilities,
                      List<Path> classpath, List<String> messagePackages, Duration heartbeat, Duration memberTimeout,
                      Path stateDirectory, SourceSettings sources, Path logConfig, int metricsPort,
                      TlsSettings tls, boolean insecurePlaintext, List<Effective> effective) {

    /** One setting as used: its value ({@code null}: none) and where it came from. */
    record Effective(MemberSetting setting, String value, String origin) {
    }

    /**
     * Resolves the settings from what the operator typed ({@code given}: a string per flag, a list of strings for a
     * repeatable one, {@code true} for a switch; absent when not typed), {@code environment} and the config file
     * they name.
     */
    static MemberSettings resolve(Map<MemberSetting, Object> given, Map<String, String> environment) {
        String configFile = (String) given.getOrDefault(MemberSetting.CONFIG, environment.get("THESPIS_CONFIG"));
        Sources sources = new Sources(given, environment, config(configFile), configFile);
        sources.note(MemberSetting.CONFIG, configFile, given.containsKey(MemberSetting.CONFIG) ? "flag"
                : configFile == null ? "default" : "environment THESPIS_CONFIG");
        int port = sources.integer(MemberSetting.PORT, 1900, 0, 65_535);
        String advertise = sources.text(MemberSetting.ADVERTISE, "127.0.0.1");
        String leader = sources.text(MemberSetting.LEADER, null);
        if (leader != null) {
            try {
                SystemSettings.checkHostPort("--leader", leader);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + sources.origin(MemberSetting.LEADER));
            }
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        String capabilitiesFile = sources.text(MemberSetting.CAPABILITIES_FILE, null);
        if (capabilitiesFile != null) {
            capabilities.putAll(CapabilityValues.readFile(Path.of(capabilitiesFile), "--capabilities-file"));
        }
        Sources.Listed listed = sources.list(MemberSetting.CAPABILITY, ";");
        CapabilityValues.parse(listed.values(), listed.origin(), capabilities);
        List<Path> classpath = new ArrayList<>();
        for (String entry : sources.list(MemberSetting.CLASSPATH, java.io.File.pathSeparator).values()) {
            Path path = Path.of(entry);
            if (!Files.isReadable(path)) {
                throw new UsageException("--classpath: cannot read " + path + " (expected a jar or a directory)");
            }
            classpath.add(path);
        }
        String packages = sources.text(MemberSetting.MESSAGE_PACKAGES, "");
        List<String> messagePackages = Arrays.stream(packages.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .toList();
        String preset = sources.text(MemberSetting.TIMING, "lan");
        Timing timing = timing(preset, sources);
        int heartbeatMs = sources.integer(MemberSetting.HEARTBEAT_MS, (int) timing.heartbeatInterval().toMillis(),
                10, 60_000);
        int timeoutMs = sources.integer(MemberSetting.MEMBER_TIMEOUT_MS, (int) timing.memberTimeout().toMillis(),
                2 * heartbeatMs, 600_000);
        sources.defaultedBy(MemberSetting.HEARTBEAT_MS, String.valueOf(heartbeatMs), "timing preset " + preset);
        sources.defaultedBy(MemberSetting.MEMBER_TIMEOUT_MS, String.valueOf(timeoutMs), "timing preset " + preset);
        String stateDir = sources.text(MemberSetting.STATE_DIR, environment.get("STATE_DIRECTORY"));
        sources.defaultedBy(MemberSetting.STATE_DIR, stateDir == null ? "(a temporary directory)" : stateDir,
                stateDir == null ? "default" : "environment STATE_DIRECTORY (systemd)");
        SourceSettings sourceSettings = sourceSettings(sources);
        Path logConfig = logConfig(sources);
        int metricsPort = sources.integer(MemberSetting.METRICS_PORT, SystemSettings.NO_METRICS, 0, 65_535);
        if (metricsPort == SystemSettings.NO_METRICS) {
            sources.defaultedBy(MemberSetting.METRICS_PORT, null, "default");
        }
        TlsSettings tls = tls(sources, advertise.replace(':', '_'));
        boolean insecurePlaintext = sources.bool(MemberSetting.INSECURE_PLAINTEXT);
        return new MemberSettings(port, advertise, leader, Map.copyOf(capabilities), List.copyOf(classpath),
                messagePackages, Duration.ofMillis(heartbeatMs), Duration.ofMillis(timeoutMs),
                stateDir == null ? null : Path.of(stateDir), sourceSettings, logConfig, metricsPort, tls,
                insecurePlaintext, sources.effective());
    }

    /** The timing preset {@code name}; the heartbeat and timeout it gives are used unless set on their own. */
    private static Timing timing(String name, Sources sources) {
        try {
            return Timing.preset(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timing: expected local, lan or wan, got '" + name + "'"
                    + sources.origin(MemberSetting.TIMING));
        }
    }

    /** The files of {@code --tls-dir}, named by {@code --tls-name} or else {@code defaultName}; null without one. */
    private static TlsSettings tls(Sources sources, String defaultName) {
        String dir = sources.text(MemberSetting.TLS_DIR, null);
        String name = sources.text(MemberSetting.TLS_NAME, dir == null ? null : defaultName);
        if (dir == null) {
            return null;
        }
        try {
            return TlsSettings.in(Path.of(dir), name).check();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tls-dir/--tls-name: " + e.getMessage() + " (expected NAME.crt, NAME.key and "
                    + "ca.crt, as thespis certs member --out DIR writes them)"
                    + sources.origin(MemberSetting.TLS_DIR));
        }
    }

    private static Path logConfig(Sources sources) {
        String file = sources.text(MemberSetting.LOG_CONFIG, null);
        if (file == null) {
            return null;
        }
        Path path = Path.of(file);
        String problem = !Files.exists(path) ? "no such file"
                : Files.isDirectory(path) ? "it is a directory"
                : !Files.isReadable(path) ? "it is not readable" : null;
        if (problem != null) {
            throw new UsageException("--log-config: cannot use " + file + ": " + problem
                    + " (expected a Logback configuration file, such as the distribution's conf/logback.xml)"
                    + sources.origin(MemberSetting.LOG_CONFIG));
        }
        return path.toAbsolutePath();
    }

    private static SourceSettings sourceSettings(Sources sources) {
        String trustStore = sources.text(MemberSetting.SOURCE_TRUSTSTORE, null);
        if (trustStore != null && !Files.isReadable(Path.of(trustStore))) {
            throw new UsageException("--source-truststore: cannot read " + trustStore + " (expected a PKCS12 or JKS "
                    + "trust store made with keytool -importcert)" + sources.origin(MemberSetting.SOURCE_TRUSTSTORE));
        }
        String password = sources.secret(MemberSetting.SOURCE_TRUSTSTORE_PASSWORD);
        boolean allow = sources.bool(MemberSetting.ALLOW_UNVALIDATED_SOURCES);
        long maxBytes = byteSize(sources.text(MemberSetting.MAX_SOURCE_SIZE,
                SourceSettings.DEFAULT_MAX_SOURCE_BYTES / (1024 * 1024) + "M"));
        return new SourceSettings(trustStore == null ? null : Path.of(trustStore), password, allow, maxBytes);
    }

    /** A size in bytes with an optional K, M or G suffix (powers of 1024). */
    private static long byteSize(String text) {
        String digits = text.toUpperCase(java.util.Locale.ROOT).replaceAll("I?B$", "");
        long unit = switch (digits.isEmpty() ? ' ' : digits.charAt(digits.length() - 1)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            long value = Long.parseLong(unit == 1 ? digits : digits.substring(0, digits.length() - 1)) * unit;
            if (value > 0 && value <= SourceSettings.MAX_SOURCE_BYTES_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException("--max-source-size: expected a size up to 1G such as 67108864 or 64M, got '"
                + text + "'");
    }

    private static Properties config(String file) {
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

    /** The places a setting can come from, in order, and a record of where each one did. */
    private static final class Sources {
        private final Map<MemberSetting, Object> given;
        private final Map<String, String> environment;
        private final Properties config;
        private final String configFile;
        private final Map<MemberSetting, Effective> seen = new EnumMap<>(MemberSetting.class);

        Sources(Map<MemberSetting, Object> given, Map<String, String> environment, Properties config,
                String configFile) {
            this.given = given;
            this.environment = environment;
            this.config = config;
            this.configFile = configFile;
        }

        record Listed(List<String> values, String origin) {
        }

        void note(MemberSetting setting, String value, String origin) {
            seen.put(setting, new Effective(setting, value, origin));
        }

        /** Every setting in table order, as noted. */
        List<Effective> effective() {
            return List.copyOf(seen.values());
        }

        String text(MemberSetting setting, String fallback) {
            Object typed = given.get(setting);
            if (typed instanceof String text) {
                note(setting, text, "flag");
                return text;
            }
            String fromEnvironment = environment.get(setting.variable());
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                note(setting, fromEnvironment.trim(), "environment " + setting.variable());
                return fromEnvironment.trim();
            }
            String fromFile = setting.key() == null ? null : config.getProperty(setting.key());
            if (fromFile != null && !fromFile.isBlank()) {
                note(setting, fromFile.trim(), "config file " + configFile);
                return fromFile.trim();
            }
            note(setting, fallback, "default");
            return fallback;
        }

        /** Notes that {@code setting}, if it was left at its default, was given by {@code instead}. */
        void defaultedBy(MemberSetting setting, String value, String instead) {
            Effective noted = seen.get(setting);
            if (noted.origin().equals("default")) {
                note(setting, value, instead);
            }
        }

        /** As {@link #text}, shown only as set or not. */
        String secret(MemberSetting setting) {
            String value = text(setting, null);
            Effective noted = seen.get(setting);
            note(setting, value == null ? null : "(set)", noted.origin());
            return value;
        }

        /** " (from WHERE)" for a value that was not a flag, for messages about it. */
        String origin(MemberSetting setting) {
            Effective noted = seen.get(setting);
            if (noted == null || noted.origin().equals("flag")) {
                return "";
            }
            return noted.origin().startsWith("environment ") ? " (from " + setting.variable() + ")"
                    : " (from the config file)";
        }

        /** A switch: on when the flag was given, else {@code true}/{@code false} from below it, else off. */
        boolean bool(MemberSetting setting) {
            String text = text(setting, "false");
            if (!text.equals("true") && !text.equals("false")) {
                throw new UsageException(setting.named() + ": expected true or false, got '" + text + "'"
                        + origin(setting));
            }
            return text.equals("true");
        }

        int integer(MemberSetting setting, int fallback, int min, int max) {
            String text = text(setting, null);
            if (text == null) {
                note(setting, String.valueOf(fallback), seen.get(setting).origin());
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
            throw new UsageException(setting.named() + ": expected a whole number " + min + ".." + max + ", got '"
                    + text + "'" + origin(setting));
        }

        @SuppressWarnings("unchecked")
        Listed list(MemberSetting setting, String separator) {
            Object typed = given.get(setting);
            if (typed instanceof List<?> values && !values.isEmpty()) {
                note(setting, String.join(separator, (List<String>) values), "flag");
                return new Listed((List<String>) values, setting.flag);
            }
            String joined = environment.get(setting.variable());
            String origin = setting.variable();
            String noted = "environment " + setting.variable();
            if (joined == null || joined.isBlank()) {
                joined = config.getProperty(setting.key());
                origin = "config key " + setting.key();
                noted = "config file " + configFile;
            }
            if (joined == null || joined.isBlank()) {
                note(setting, null, "default");
                return new Listed(List.of(), setting.flag);
            }
            note(setting, joined.trim(), noted);
            return new Listed(Arrays.stream(joined.split(java.util.regex.Pattern.quote(separator)))
                    .map(String::trim).filter(entry -> !entry.isEmpty()).toList(), origin);
        }
    }
}
