package io.thespis.internal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemberSettingsTest {
    private static Map<MemberSetting, Object> flags(List<String> capabilities) {
        return capabilities == null ? Map.of() : Map.of(MemberSetting.CAPABILITY, capabilities);
    }

    private static Map<MemberSetting, Object> logConfig(Path file) {
        return Map.of(MemberSetting.LOG_CONFIG, file.toString());
    }

    @Test
    void theMetricsPortIsReadLikeEveryOtherSettingAndNoneByDefault() {
        assertEquals(-1, MemberSettings.resolve(flags(null), Map.of()).metricsPort());
        assertEquals(9464, MemberSettings.resolve(flags(null), Map.of("THESPIS_METRICS_PORT", "9464")).metricsPort());
        assertEquals("--metrics-port: expected a whole number 0..65535, got 'x' (from THESPIS_METRICS_PORT)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(null),
                        Map.of("THESPIS_METRICS_PORT", "x"))).getMessage());
    }

    @Test
    void defaultsAreSafe() {
        MemberSettings settings = MemberSettings.resolve(flags(null), Map.of());
        assertEquals(1900, settings.port());
        assertEquals("127.0.0.1", settings.advertise());
        assertNull(settings.leader());
        assertEquals(Map.of(), settings.capabilities());
        assertEquals(Duration.ofMillis(500), settings.heartbeat());
        assertEquals(Duration.ofMillis(2500), settings.memberTimeout());
    }

    @Test
    void capabilityValuesAreTypedAndNamesMayHaveSpaces() {
        MemberSettings settings = MemberSettings.resolve(flags(List.of("Has DB access=true", "gpus=2", "ratio=0.75",
                "zone=eu-west", "big=12345678901", "off=false", "label= spaced value ", "equation=a=b")), Map.of());
        assertEquals(Map.of("Has DB access", true, "gpus", 2, "ratio", 0.75, "zone", "eu-west", "big", 12_345_678_901L,
                "off", false, "label", "spaced value", "equation", "a=b"), settings.capabilities());
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("member.properties"),
                "port=2001\nadvertise=10.0.0.9\nleader=10.0.0.1:1900\ncapabilities=zone=us-east;gpus=1\n");
        Map<String, String> environment = Map.of("THESPIS_CONFIG", config.toString(), "THESPIS_PORT", "2002",
                "THESPIS_CAPABILITIES", "Has DB access=true; zone=eu-west");
        MemberSettings fromEnvironment = MemberSettings.resolve(flags(null), environment);
        assertEquals(2002, fromEnvironment.port());
        assertEquals("10.0.0.9", fromEnvironment.advertise());
        assertEquals("10.0.0.1:1900", fromEnvironment.leader());
        assertEquals(Map.of("Has DB access", true, "zone", "eu-west"), fromEnvironment.capabilities());
        MemberSettings fromFlags = MemberSettings.resolve(Map.of(MemberSetting.PORT, "2003",
                MemberSetting.CAPABILITY, List.of("zone=ap-south")), environment);
        assertEquals(2003, fromFlags.port());
        assertEquals(Map.of("zone", "ap-south"), fromFlags.capabilities());
        MemberSettings fromFile = MemberSettings.resolve(flags(null), Map.of("THESPIS_CONFIG", config.toString()));
        assertEquals(Map.of("zone", "us-east", "gpus", 1), fromFile.capabilities());
    }

    @Test
    void aCapabilitiesFileComesFirstAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("caps"), "# the database host\nHas DB access=true\n\nzone=eu-west\n");
        MemberSettings settings = MemberSettings.resolve(Map.of(MemberSetting.CAPABILITY, List.of("zone=us-east"),
                MemberSetting.CAPABILITIES_FILE, file.toString()), Map.of());
        assertEquals(Map.of("Has DB access", true, "zone", "us-east"), settings.capabilities());
    }

    @Test
    void badValuesNameTheSettingTheExpectedFormAndTheSource(@TempDir Path dir) throws IOException {
        assertEquals("--port: expected a whole number 0..65535, got 'abc'", assertThrows(UsageException.class,
                () -> MemberSettings.resolve(Map.of(MemberSetting.PORT, "abc"), Map.of())).getMessage());
        assertEquals("--port: expected a whole number 0..65535, got '70000' (from THESPIS_PORT)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(null),
                        Map.of("THESPIS_PORT", "70000"))).getMessage());
        assertEquals("--capability: expected NAME=VALUE (e.g. \"Has DB access=true\" or zone=eu-west), got 'gpus'",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(List.of("gpus")), Map.of()))
                        .getMessage());
        assertEquals("THESPIS_CAPABILITIES: expected NAME=VALUE (e.g. \"Has DB access=true\" or zone=eu-west), got '=1'",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(null),
                        Map.of("THESPIS_CAPABILITIES", "a=1;=1"))).getMessage());
        assertEquals("--leader must be HOST:PORT with a port in 1..65535, got 'leaderhost' (from THESPIS_LEADER)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(null),
                        Map.of("THESPIS_LEADER", "leaderhost"))).getMessage());
        Path missing = dir.resolve("missing.properties");
        assertEquals("--config: cannot read " + missing + ": " + missing, assertThrows(UsageException.class,
                () -> MemberSettings.resolve(flags(null), Map.of("THESPIS_CONFIG", missing.toString()))).getMessage());
    }

    @Test
    void aTimingPresetSetsTheHeartbeatAndTimeoutWhichTheirOwnSettingsOverride(@TempDir Path dir) throws IOException {
        MemberSettings wan = MemberSettings.resolve(Map.of(MemberSetting.TIMING, "wan"), Map.of());
        assertEquals(Duration.ofSeconds(2), wan.heartbeat());
        assertEquals(Duration.ofSeconds(15), wan.memberTimeout());
        MemberSettings local = MemberSettings.resolve(Map.of(), Map.of("THESPIS_TIMING", "LOCAL",
                "THESPIS_MEMBER_TIMEOUT_MS", "900"));
        assertEquals(Duration.ofMillis(100), local.heartbeat());
        assertEquals(Duration.ofMillis(900), local.memberTimeout());
        assertEquals("--timing: expected local, lan or wan, got 'moon' (from the config file)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(Map.of(), Map.of("THESPIS_CONFIG",
                        Files.writeString(dir.resolve("m.properties"), "timing=moon\n").toString()))).getMessage());
        assertEquals("--member-timeout-ms: expected a whole number 4000..600000, got '3000'",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(Map.of(MemberSetting.TIMING, "wan",
                        MemberSetting.MEMBER_TIMEOUT_MS, "3000"), Map.of())).getMessage(),
                "two of the preset's heartbeats");
    }

    @Test
    void everySettingIsReportedWithItsValueAndWhereItCameFrom(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("member.properties"), "advertise=10.0.0.9\n");
        MemberSettings settings = MemberSettings.resolve(Map.of(MemberSetting.PORT, "2003",
                MemberSetting.TIMING, "wan"), Map.of("THESPIS_CONFIG", config.toString(), "THESPIS_LEADER",
                "10.0.0.1:1900", "THESPIS_SOURCE_TRUSTSTORE_PASSWORD", "hunter2", "THESPIS_INSECURE_PLAINTEXT",
                "true"));
        Map<MemberSetting, MemberSettings.Effective> effective = new java.util.EnumMap<>(MemberSetting.class);
        settings.effective().forEach(line -> effective.put(line.setting(), line));
        assertEquals(java.util.Set.of(MemberSetting.values()), effective.keySet(), "every setting, once");
        assertEquals(new MemberSettings.Effective(MemberSetting.PORT, "2003", "flag"), effective.get(MemberSetting.PORT));
        assertEquals(new MemberSettings.Effective(MemberSetting.ADVERTISE, "10.0.0.9", "config file " + config),
                effective.get(MemberSetting.ADVERTISE));
        assertEquals(new MemberSettings.Effective(MemberSetting.LEADER, "10.0.0.1:1900", "environment THESPIS_LEADER"),
                effective.get(MemberSetting.LEADER));
        assertEquals(new MemberSettings.Effective(MemberSetting.HEARTBEAT_MS, "2000", "timing preset wan"),
                effective.get(MemberSetting.HEARTBEAT_MS));
        assertEquals(new MemberSettings.Effective(MemberSetting.METRICS_PORT, null, "default"),
                effective.get(MemberSetting.METRICS_PORT));
        assertEquals("(set)", effective.get(MemberSetting.SOURCE_TRUSTSTORE_PASSWORD).value(), "never printed");
        assertEquals("true", effective.get(MemberSetting.INSECURE_PLAINTEXT).value());
        assertEquals(new MemberSettings.Effective(MemberSetting.CONFIG, config.toString(), "environment THESPIS_CONFIG"),
                effective.get(MemberSetting.CONFIG));
    }

    @Test
    void theLogConfigComesFromTheFlagTheEnvironmentOrTheConfigFile(@TempDir Path dir) throws IOException {
        Path fromFlag = Files.writeString(dir.resolve("flag.xml"), "<configuration/>");
        Path fromEnvironment = Files.writeString(dir.resolve("environment.xml"), "<configuration/>");
        Path fromFile = Files.writeString(dir.resolve("file.xml"), "<configuration/>");
        Path config = Files.writeString(dir.resolve("member.properties"), "log-config=" + fromFile + "\n");
        assertNull(MemberSettings.resolve(flags(null), Map.of()).logConfig(), "left to JAVA_OPTS, else bin/thespis");
        Map<String, String> fileOnly = Map.of("THESPIS_CONFIG", config.toString());
        assertEquals(fromFile, MemberSettings.resolve(flags(null), fileOnly).logConfig());
        Map<String, String> environment = Map.of("THESPIS_CONFIG", config.toString(), "THESPIS_LOG_CONFIG",
                fromEnvironment.toString());
        assertEquals(fromEnvironment, MemberSettings.resolve(flags(null), environment).logConfig());
        assertEquals(fromFlag, MemberSettings.resolve(logConfig(fromFlag), environment).logConfig());
    }

    @Test
    void aLogConfigThatIsNotAReadableFileIsRefusedNamingItAndWhereItCameFrom(@TempDir Path dir) {
        Path missing = dir.resolve("missing.xml");
        assertEquals("--log-config: cannot use " + missing + ": no such file (expected a Logback configuration file, "
                        + "such as the distribution's conf/logback.xml)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(logConfig(missing), Map.of()))
                        .getMessage());
        assertEquals("--log-config: cannot use " + dir + ": it is a directory (expected a Logback configuration "
                        + "file, such as the distribution's conf/logback.xml) (from THESPIS_LOG_CONFIG)",
                assertThrows(UsageException.class, () -> MemberSettings.resolve(flags(null),
                        Map.of("THESPIS_LOG_CONFIG", dir.toString()))).getMessage());
    }
}
