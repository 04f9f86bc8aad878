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
    private static MemberSettings.Flags flags(List<String> capabilities) {
        return new MemberSettings.Flags(null, null, null, capabilities, null, null, null, null, null, null,
                null, null, false, null, null, null, null, null, false);
    }

    private static MemberSettings.Flags logConfig(Path file) {
        return new MemberSettings.Flags(null, null, null, null, null, null, null, null, null, null,
                null, null, false, null, file.toString(), null, null, null, false);
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
        MemberSettings fromFlags = MemberSettings.resolve(new MemberSettings.Flags("2003", null, null,
                List.of("zone=ap-south"), null, null, null, null, null, null, null, null, false, null, null, null, null, null, false), environment);
        assertEquals(2003, fromFlags.port());
        assertEquals(Map.of("zone", "ap-south"), fromFlags.capabilities());
        MemberSettings fromFile = MemberSettings.resolve(flags(null), Map.of("THESPIS_CONFIG", config.toString()));
        assertEquals(Map.of("zone", "us-east", "gpus", 1), fromFile.capabilities());
    }

    @Test
    void aCapabilitiesFileComesFirstAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("caps"), "# the database host\nHas DB access=true\n\nzone=eu-west\n");
        MemberSettings settings = MemberSettings.resolve(new MemberSettings.Flags(null, null, null, List.of("zone=us-east"),
                file.toString(), null, null, null, null, null, null, null, false, null, null, null, null, null, false), Map.of());
        assertEquals(Map.of("Has DB access", true, "zone", "us-east"), settings.capabilities());
    }

    @Test
    void badValuesNameTheSettingTheExpectedFormAndTheSource(@TempDir Path dir) throws IOException {
        assertEquals("--port: expected a whole number 0..65535, got 'abc'", assertThrows(UsageException.class,
                () -> MemberSettings.resolve(new MemberSettings.Flags("abc", null, null, null, null, null, null, null,
                        null, null, null, null, false, null, null, null, null, null, false), Map.of())).getMessage());
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
