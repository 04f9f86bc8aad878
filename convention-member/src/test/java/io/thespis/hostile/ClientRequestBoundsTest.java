package io.thespis.hostile;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.internal.leader.NameLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client may ask of the member it is connected to: names, placement waits and capabilities are bounded. */
class ClientRequestBoundsTest {
    private static final String ECHO = HostileMembers.Echo.class.getName();

    private final HostileMembers members = new HostileMembers();

    @AfterEach
    void stop() throws InterruptedException {
        members.stopAll();
    }

    @Test
    void globalNamesOverTheBoundAreRefusedAtTheMember() {
        ActorSystem member = members.start();
        try (ActorSystem client = ActorSystem.connect(member.status().adminAddress())) {
            String eightMebibytes = "n".repeat(8 * 1024 * 1024);
            String overByOneMultibyte = "é".repeat(NameLimits.MAX_NAME_BYTES / 2 + 1);
            for (String name : new String[]{eightMebibytes, overByOneMultibyte}) {
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> client.createActor(ECHO, CreateOptions.none().withGlobalName(name)));
                assertTrue(refused.getMessage().contains("1 to 256 bytes"), refused.getMessage());
            }
            ActorAddress named = client.createActor(ECHO, CreateOptions.none()
                    .withGlobalName("é".repeat(NameLimits.MAX_NAME_BYTES / 2)));
            assertEquals("named", client.ask(named, "named", Duration.ofSeconds(5)));
        }
        assertEquals(1, member.status().members().size());
    }

    @Test
    void aPlacementWaitOverFiveMinutesIsRefused() {
        ActorSystem member = members.start();
        try (ActorSystem client = ActorSystem.connect(member.status().adminAddress())) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> client.createActor(ECHO, CreateOptions.none().withPlacementTimeout(Duration.ofDays(30))));
            assertTrue(refused.getMessage().contains("at most 300000 ms"), refused.getMessage());
            ActorAddress echo = client.createActor(ECHO, CreateOptions.none()
                    .withPlacementTimeout(Duration.ofMinutes(5)));
            assertEquals("placed", client.ask(echo, "placed", Duration.ofSeconds(5)));
        }
    }

    @Test
    void aCapabilityChangeBeyondTheLeadersLimitsIsRefusedAtTheMember() {
        ActorSystem member = members.start(builder -> builder.capability("zone", "eu"));
        try (ActorSystem client = ActorSystem.connect(member.status().adminAddress())) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> client.updateCapability("huge", "v".repeat(9 * 1024 * 1024)));
            assertTrue(refused.getMessage().contains("at most 4096"), refused.getMessage());
            for (int i = 0; i < 63; i++) {
                client.updateCapability("key" + i, i);
            }
            refused = assertThrows(IllegalArgumentException.class, () -> client.updateCapability("one too many", 1));
            assertTrue(refused.getMessage().contains("at most 64"), refused.getMessage());
            client.updateCapability("zone", "us");
        }
        Map<String, Object> capabilities = member.status().capabilities();
        assertEquals("us", capabilities.get("zone"));
        assertFalse(capabilities.containsKey("huge"));
        assertEquals(64, capabilities.size());
    }
}
