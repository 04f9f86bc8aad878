package io.thespis.internal.cli;

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
 * --member-timeout-ms   THESPIS_MEMBER_TIMEOUT_MS   member-timeout-ms   2500
 * --state-dir           THESPIS_STATE_DIR           state-dir           $STATE_DIRECTORY (systemd), else temporary
 * --source-truststore   THESPIS_SOURCE_TRUSTSTORE   source-truststore   none: no built-in Source Authority
 * -                     THESPIS_SOURCE_TRUSTSTORE_PASSWORD  source-truststore-password  none (certificates read unchecked)
 * --allow-unvalidated-sources  THESPIS_ALLOW_UNVALIDATED_SOURCES  allow-unvalidated-sources  false (loopback only)
 * --max-source-size     THESPIS_MAX_SOURCE_SIZE     max-source-size     64M (bytes; K, M, G suffixes)
 * --metrics-port        THESPIS_METRICS_PORT        metrics-port        none (Prometheus /metrics on the advertised host)
 * --tls-dir             THESPIS_TLS_DIR             tls-dir             none: plaintext, loopback only
 * --tls-name            THESPIS_TLS_NAME            tls-name            the advertised host (':' written as '_')
 * --insecure-plaintext  THESPIS_INSECURE_PLAINTEXT  insecure-plaintext  false
 * --log-config          THESPIS_LOG_CONFIG          log-config          -Dlogback.configurationFile in JAVA_OPTS, else
 *                                                                       the distribution's conf/logback.xml
 * --config              THESPIS_CONFIG              -                   none
 * </pre>
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
 */
record MemberSettings(int port, String advertise, String leader, Map<String, Object> capabilities,
                      List<Path> classpath, List<String> messagePackages, Duration heartbeat, Duration memberTimeout,
                      Path stateDirectory, SourceSettings sources, Path logConfig, int metricsPort,
                      TlsSettings tls, boolean insecurePlaintext) {

    /** What the operator typed; {@code null} or empty where a flag was not given. */
    record Flags(String port, String advertise, String leader, List<String> capabilities, String capabilitiesFile,
                 List<String> classpath, String messagePackages, String heartbeatMs, String memberTimeoutMs,
                 String config, String stateDir, String sourceTrustStore, boolean allowUnvalidatedSources,
                 String maxSourceSize, String logConfig, String metricsPort, String tlsDir, String tlsName,
                 boolean insecurePlaintext) {
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
                "member-timeout-ms", 2500, 2 * heartbeatMs, 600_000);
        String stateDir = sources.text("--state-dir", flags.stateDir(), "THESPIS_STATE_DIR", "state-dir",
                environment.get("STATE_DIRECTORY"));
        return new MemberSettings(port, advertise, leader, Map.copyOf(capabilities), List.copyOf(classpath),
                messagePackages, Duration.ofMillis(heartbeatMs), Duration.ofMillis(timeoutMs),
                stateDir == null ? null : Path.of(stateDir), sourceSettings(flags, sources), logConfig(flags, sources),
                sources.integer("--metrics-port", flags.metricsPort(), "THESPIS_METRICS_PORT", "metrics-port",
                        SystemSettings.NO_METRICS, 0, 65_535),
                tls(flags, sources, advertise.replace(':', '_')),
                sources.bool("--insecure-plaintext", flags.insecurePlaintext(), "THESPIS_INSECURE_PLAINTEXT",
                        "insecure-plaintext"));
    }

    /** The files of {@code --tls-dir}, named by {@code --tls-name} or else {@code defaultName}; null without one. */
    private static TlsSettings tls(Flags flags, Sources sources, String defaultName) {
        String dir = sources.text("--tls-dir", flags.tlsDir(), "THESPIS_TLS_DIR", "tls-dir", null);
        if (dir == null) {
            return null;
        }
        String name = sources.text("--tls-name", flags.tlsName(), "THESPIS_TLS_NAME", "tls-name", defaultName);
        try {
            return TlsSettings.in(Path.of(dir), name).check();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tls-dir/--tls-name: " + e.getMessage() + " (expected NAME.crt, NAME.key and "
                    + "ca.crt, as thespis certs member --out DIR writes them)"
                    + sources.origin("--tls-dir", flags.tlsDir(), "THESPIS_TLS_DIR"));
        }
    }

    private static Path logConfig(Flags flags, Sources sources) {
        String file = sources.text("--log-config", flags.logConfig(), "THESPIS_LOG_CONFIG", "log-config", null);
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
                    + sources.origin("--log-config", flags.logConfig(), "THESPIS_LOG_CONFIG"));
        }
        return path.toAbsolutePath();
    }

    private static SourceSettings sourceSettings(Flags flags, Sources sources) {
        String trustStore = sources.text("--source-truststore", flags.sourceTrustStore(), "THESPIS_SOURCE_TRUSTSTORE",
                "source-truststore", null);
        if (trustStore != null && !Files.isReadable(Path.of(trustStore))) {
            throw new UsageException("--source-truststore: cannot read " + trustStore + " (expected a PKCS12 or JKS "
                    + "trust store made with keytool -importcert)" + sources.origin("--source-truststore",
                    flags.sourceTrustStore(), "THESPIS_SOURCE_TRUSTSTORE"));
        }
        String password = sources.text("-", null, "THESPIS_SOURCE_TRUSTSTORE_PASSWORD", "source-truststore-password",
                null);
        boolean allow = sources.bool("--allow-unvalidated-sources", flags.allowUnvalidatedSources(),
                "THESPIS_ALLOW_UNVALIDATED_SOURCES", "allow-unvalidated-sources");
        long maxBytes = byteSize(sources.text("--max-source-size", flags.maxSourceSize(), "THESPIS_MAX_SOURCE_SIZE",
                "max-source-size", null));
        return new SourceSettings(trustStore == null ? null : Path.of(trustStore), password, allow, maxBytes);
    }

    /** A size in bytes with an optional K, M or G suffix (powers of 1024). */
    private static long byteSize(String text) {
        if (text == null) {
            return SourceSettings.DEFAULT_MAX_SOURCE_BYTES;
        }
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

        /** A switch: on when the flag was given, else {@code true}/{@code false} from below it, else off. */
        boolean bool(String flag, boolean given, String variable, String key) {
            String text = text(flag, given ? "true" : null, variable, key, "false");
            if (!text.equals("true") && !text.equals("false")) {
                throw new UsageException(flag + ": expected true or false, got '" + text + "'"
                        + origin(flag, null, variable));
            }
            return text.equals("true");
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
