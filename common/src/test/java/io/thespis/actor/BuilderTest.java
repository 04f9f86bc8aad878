package io.thespis.actor;

import io.thespis.actor.spi.SystemSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuilderTest {
    private static String refusal(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void badValuesAreRefusedNamingTheSettingAndTheValue() {
        assertEquals("adminPort must be 0..65535, got 70000", refusal(() -> ActorSystem.builder().adminPort(70_000)));
        assertEquals("conventionLeader must be HOST:PORT with a port in 1..65535, got 'leaderhost'",
                refusal(() -> ActorSystem.builder().conventionLeader("leaderhost")));
        assertEquals("conventionLeader must be HOST:PORT with a port in 1..65535, got 'h:0'",
                refusal(() -> ActorSystem.builder().conventionLeader("h:0")));
        assertEquals("capability 'zone' needs a value, got null",
                refusal(() -> ActorSystem.builder().capability("zone", null)));
        assertEquals("capability name must not be blank, got ' '", refusal(() -> ActorSystem.builder().capability(" ", 1)));
        assertEquals("advertise must be a host name or IP without port, got 'h:1900'",
                refusal(() -> ActorSystem.builder().advertise("h:1900")));
        assertTrue(refusal(() -> ActorSystem.builder().base(null)).contains("SEQUENTIAL"));
        assertEquals("the heartbeat interval must be 10 ms to 60 s, got 5 ms", refusal(() -> ActorSystem.builder()
                .failureDetection(Duration.ofMillis(5), Duration.ofSeconds(1))));
        assertEquals("the member timeout must be two heartbeat intervals (1000 ms) to 10 minutes, got 900 ms",
                refusal(() -> ActorSystem.builder().failureDetection(Duration.ofMillis(500), Duration.ofMillis(900))));
        assertTrue(refusal(() -> ActorSystem.builder().timing(null)).contains("Timing.LOCAL"));
        assertEquals("timing must be one of [local, lan, wan], got 'moon'", refusal(() -> Timing.preset("moon")));
    }

    @Test
    void thePresetsAreMemberlistsLocalLanAndWanAndLanIsTheDefault() {
        assertEquals(Timing.LAN, new Timing(SystemSettings.DEFAULT_HEARTBEAT_INTERVAL,
                SystemSettings.DEFAULT_MEMBER_TIMEOUT));
        assertEquals(Timing.WAN, Timing.preset("WAN"));
        assertTrue(Timing.LOCAL.memberTimeout().compareTo(Timing.LAN.memberTimeout()) < 0
                && Timing.LAN.memberTimeout().compareTo(Timing.WAN.memberTimeout()) < 0);
    }

    @Test
    void networkSettingsOnALocalBaseAreAMistake() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ActorSystem.builder().base(SystemBase.CONCURRENT).conventionLeader("leader:1900").start());
        assertTrue(e.getMessage().contains("base NETWORK only"), e.getMessage());
    }

    @Test
    void networkWithoutTheMemberArtifactNamesTheArtifact() {
        ActorSystemException e = assertThrows(ActorSystemException.class,
                () -> ActorSystem.builder().base(SystemBase.NETWORK).start());
        assertTrue(e.getMessage().contains("io.thespis:thespis-convention-member"), e.getMessage());
        assertThrows(ActorSystemException.class, () -> ActorSystem.connect("localhost:1900"));
    }

    @Test
    void capabilitiesAreReportedInStatus() {
        try (ActorSystem system = ActorSystem.builder().base(SystemBase.SEQUENTIAL)
                .capability("Has DB access", true).capability("gpus", 2).start()) {
            SystemStatus status = system.status();
            assertEquals(java.util.Map.of("Has DB access", true, "gpus", 2), status.capabilities());
            assertEquals(1, status.members().size());
            assertEquals(status.adminAddress(), status.members().get(0).adminAddress());
            assertEquals(null, status.conventionLeader());
        }
    }
}
