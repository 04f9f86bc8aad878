package io.thespis.hostile;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.actor.WakeupMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over real gRPC on 127.0.0.1: a member that sends another member's actor messages only that member's system
 * makes (a wakeup no timer set, a Convention update) has them refused and counted there; its ordinary messages
 * and exit requests still arrive.
 */
class ForgedSystemMessagesOverTheNetworkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<ActorSystem> systems = new ArrayList<>();

    /** Lives only on the member with capability "target"; answers "received?" with what else it received. */
    @RequireCapability("target")
    public static final class Recorder extends Actor {
        private final List<String> received = new ArrayList<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("received?".equals(message)) {
                send(sender, List.copyOf(received));
            } else {
                received.add(message.getClass().getSimpleName());
            }
        }
    }

    private ActorSystem start(String leader, Map<String, Object> capabilities) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                .advertise("127.0.0.1").capabilities(capabilities);
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        ActorSystem system = builder.start();
        systems.add(system);
        return system;
    }

    @AfterEach
    void stopAll() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    @Test
    void systemMessagesFromAnotherMemberAreRefusedAndCounted() {
        ActorSystem target = start(null, Map.of("target", true));
        ActorSystem sender = start(target.status().adminAddress(), Map.of());
        await().atMost(WAIT).until(() -> sender.status().members().size() == 2);
        ActorAddress recorder = sender.createActor(Recorder.class);
        assertTrue(recorder.system().startsWith(target.status().adminAddress()), recorder.system());

        sender.tell(recorder, new WakeupMessage(Duration.ZERO, "no timer set this"));
        sender.tell(recorder, new ActorSystemConventionUpdate("10.0.0.9:1900", Map.of(), false));
        sender.tell(recorder, "an ordinary message");

        assertEquals(List.of("String"), sender.ask(recorder, "received?", WAIT));
        await().atMost(WAIT).until(() -> target.status().counters().get("forgedSystemMessages") == 2L);
    }
}
