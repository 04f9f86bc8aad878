package io.thespis.internal.cli;

import java.util.List;
import java.util.Locale;

/**
 * Every setting of {@code thespis member}, once: its flag, environment variable and {@code --config} file key, its
 * default, its unit and what it does. The member's options, its {@code --help}, {@code --print-config} and the
 * README's settings table are made from (or checked against) this table; {@link MemberSettings} reads the values
 * with the precedence flag &gt; environment &gt; config file &gt; timing preset &gt; default.
 */
enum MemberSetting {
    PORT("--port", "PORT", "1900", "", "Admin port; 0 = any free port."),
    ADVERTISE("--advertise", "HOST", "127.0.0.1", "",
            "Host or IP others reach this member at; it also listens there."),
    LEADER("--leader", "HOST:PORT", "none: lead a Convention of its own", "",
            "The Convention Leader; the member advertised there leads."),
    CAPABILITY("--capability", "NAME=VALUE", "none", "",
            "A capability; true/false, numbers and strings are typed. Repeatable; ';' between entries outside flags."),
    CAPABILITIES_FILE("--capabilities-file", "FILE", "none", "", "A file of NAME=VALUE lines, read first."),
    CLASSPATH("--classpath", "JAR_OR_DIR", "none", "",
            "Where the actor classes are. Repeatable; ':' between entries outside flags."),
    MESSAGE_PACKAGES("--message-packages", "PKG,...", "none", "",
            "Packages whose classes may cross hosts as messages."),
    TIMING("--timing", "PRESET", "lan", "",
            "Failure detection preset: local (heartbeat 100 ms, gone after 500 ms), lan (500 ms, 2.5 s),"
                    + " wan (2 s, 15 s)."),
    HEARTBEAT_MS("--heartbeat-ms", "MS", "the preset's: 500", "ms", "Heartbeat interval, 10 to 60000."),
    MEMBER_TIMEOUT_MS("--member-timeout-ms", "MS", "the preset's: 2500", "ms",
            "Silence after which a member is declared gone: two heartbeats to 600000."),
    STATE_DIR("--state-dir", "DIR", "$STATE_DIRECTORY (systemd), else a temporary directory", "",
            "Where loaded sources are kept."),
    SOURCE_TRUSTSTORE("--source-truststore", "FILE", "none: no built-in Source Authority", "",
            "Start the signed-jar Source Authority: a source is valid only if every entry is signed by a certificate"
                    + " in FILE (PKCS12, or JKS)."),
    SOURCE_TRUSTSTORE_PASSWORD(null, null, "none: certificates read unchecked", "",
            "The password of the source trust store; never a flag, so that it stays out of process listings."),
    ALLOW_UNVALIDATED_SOURCES("--allow-unvalidated-sources", null, "false", "",
            "Development only: accept sources no Source Authority validated; refused unless --advertise is loopback."),
    MAX_SOURCE_SIZE("--max-source-size", "BYTES", "64M", "bytes (K, M, G)", "The largest source accepted, up to 1G."),
    LOG_CONFIG("--log-config", "FILE",
            "the one JAVA_OPTS names with -Dlogback.configurationFile, else the distribution's conf/logback.xml", "",
            "The Logback configuration file to log with."),
    METRICS_PORT("--metrics-port", "PORT", "none", "",
            "Serve Prometheus metrics at http://ADVERTISE:PORT/metrics; 0 = any free port."),
    TLS_DIR("--tls-dir", "DIR", "none: plaintext, loopback only", "",
            "Mutual TLS on every hop with the certificate thespis certs member --out DIR wrote (NAME.crt, NAME.key,"
                    + " ca.crt)."),
    TLS_NAME("--tls-name", "NAME", "the advertised host (':' as '_')", "", "Which certificate in --tls-dir."),
    INSECURE_PLAINTEXT("--insecure-plaintext", null, "false", "",
            "Run without TLS on an address other than loopback: unauthenticated, for networks secured by other means."),
    CONFIG("--config", "FILE", "none", "", "A properties file of settings, keyed as this table says.");

    /** The flag, or {@code null} for a setting that only the environment or the config file gives. */
    final String flag;
    /** The flag's parameter, or {@code null} for a switch. */
    final String label;
    /** The default, in words. */
    final String defaultText;
    /** The unit of the value, or empty. */
    final String unit;
    final String description;

    MemberSetting(String flag, String label, String defaultText, String unit, String description) {
        this.flag = flag;
        this.label = label;
        this.defaultText = defaultText;
        this.unit = unit;
        this.description = description;
    }

    /** The environment variable: {@code THESPIS_} and the name. */
    String variable() {
        return "THESPIS_" + (this == CAPABILITY ? "CAPABILITIES" : name());
    }

    /** The key in a {@code --config} file (none for {@link #CONFIG}). */
    String key() {
        if (this == CONFIG) {
            return null;
        }
        return this == CAPABILITY ? "capabilities" : name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How the setting is named in a message: its flag, else its variable. */
    String named() {
        return flag != null ? flag : variable();
    }

    boolean isSwitch() {
        return flag != null && label == null;
    }

    boolean repeatable() {
        return this == CAPABILITY || this == CLASSPATH;
    }

    /** The line of {@code --help}: what it does, where else it may come from, its default. */
    String help() {
        return description + (unit.isEmpty() ? "" : " Unit: " + unit + ".") + " [" + variable()
                + (key() == null ? "" : "; config key " + key()) + "] Default: " + defaultText + ".";
    }

    /** The settings with a flag, in table order. */
    static List<MemberSetting> flagged() {
        return java.util.Arrays.stream(values()).filter(setting -> setting.flag != null).toList();
    }
}
