package io.thespis.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped systemd unit: what it must contain, systemd's own verification, and its security score. */
class SystemdUnitIT {
    private static final Path UNIT = Distribution.home().resolve("systemd/thespis-member.service");

    @BeforeAll
    static void systemdAnalyzeIsThere() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        if (!present) {
            System.out.println("SKIPPED systemd checks: systemd-analyze is not installed on this machine");
        }
        assumeTrue(present, "systemd-analyze is not installed on this machine");
    }

    @Test
    void theUnitRunsAsADedicatedUserFromItsEnvFileAndIsHardened() throws Exception {
        String unit = Files.readString(UNIT);
        for (String directive : List.of("User=thespis", "EnvironmentFile=/etc/thespis/member.env",
                "After=network-online.target", "Restart=on-failure", "LimitNOFILE=", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/thespis",
                "ExecStart=/opt/thespis/bin/thespis member")) {
            assertTrue(unit.lines().anyMatch(line -> line.startsWith(directive)), "missing " + directive);
        }
    }

    @Test
    void systemdVerifiesTheUnit(@TempDir Path dir) throws Exception {
        // verify checks that ExecStart exists: point it at the launcher of the archive under test, nothing else.
        Path unit = dir.resolve("thespis-member.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/thespis/bin/thespis",
                Distribution.home().resolve("bin/thespis").toString()));
        Distribution.Result verify = Distribution.run(List.of("systemd-analyze", "verify", unit.toString()), Map.of());
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().strip(), verify.output());
    }

    @Test
    void theUnitScoresThreeOrBetterOnSystemdSecurity() throws Exception {
        Distribution.Result security = Distribution.run(List.of("systemd-analyze", "security", "--offline=true",
                UNIT.toString()), Map.of());
        Matcher score = Pattern.compile("Overall exposure level for thespis-member.service: ([0-9.]+)")
                .matcher(security.output());
        assertTrue(score.find(), security.output());
        double exposure = Double.parseDouble(score.group(1));
        System.out.println("systemd-analyze security: exposure " + exposure + " (at most 3.0 wanted)");
        assertTrue(exposure <= 3.0, "exposure " + exposure + ":\n" + security.output());
    }
}
