package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.RequireCapability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Global names across a Convention of NETWORK systems in this JVM, on 127.0.0.1. */
class GlobalNamesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final NetworkSystems systems = new NetworkSystems();

    @AfterEach
    void stopAll() {
        systems.stopAll();
    }

    private ActorSystem start(String leader, Map<String, Object> capabilities) {
        return systems.start(leader, capabilities);
    }

    /** Answers with where it runs; exits when told "exit". */
    public static class Registry extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("where".equals(message)) {
                send(sender, myAddress().system());
            } else if ("exit".equals(message)) {
                send(myAddress(), new ActorExitRequest());
            }
        }
    }

    @RequireCapability("Has DB access")
    public static class DbRegistry extends Registry {
    }

    private static CreateOptions named(String name) {
        return CreateOptions.none().withGlobalName(name);
    }

    @Test
    void aGlobalNameNamesOneActorInTheWholeConventionWhoeverAsksFirst() {
        ActorSystem leader = start(null, Map.of());
        ActorSystem one = start(leader.status().adminAddress(), Map.of());
        ActorSystem two = start(leader.status().adminAddress(), Map.of("Has DB access", true));
        await().atMost(WAIT).until(() -> one.status().members().size() == 3 && two.status().members().size() == 3);

        ActorAddress registry = one.createActor(Registry.class, named("registry"));
        assertEquals(registry, two.createActor(Registry.class, named("registry")));
        assertEquals(registry, leader.createActor("no.such.Class", named("registry")), "the name before the class");
        ActorAddress placed = leader.createActor(DbRegistry.class, named("db registry"));
        assertEquals(two.status().adminAddress(), placed.system().substring(0, placed.system().indexOf('/')),
                "placed by its class's requirements like any actor");
        assertEquals(placed, one.createActor(DbRegistry.class, named("db registry")));
    }

    @Test
    void aNameIsFreeAgainWhenItsActorExitsOrItsHostIsGone() {
        ActorSystem leader = start(null, Map.of());
        ActorSystem one = start(leader.status().adminAddress(), Map.of());
        ActorSystem two = start(leader.status().adminAddress(), Map.of("Has DB access", true));
        await().atMost(WAIT).until(() -> one.status().members().size() == 3);

        ActorAddress first = one.createActor(Registry.class, named("registry"));
        one.tell(first, "exit");
        await().atMost(WAIT).until(() -> !first.equals(two.createActor(Registry.class, named("registry"))));

        ActorAddress onTwo = one.createActor(DbRegistry.class, named("db registry"));
        two.shutdown();
        await().atMost(WAIT).until(() -> one.status().members().size() == 2);
        assertThrows(NoCompatibleSystemForActor.class, () -> one.createActor(DbRegistry.class, named("db registry")),
                "free again, and no system can host the class now");
        ActorSystem three = start(leader.status().adminAddress(), Map.of("Has DB access", true));
        await().atMost(WAIT).until(() -> one.status().members().size() == 3);
        ActorAddress replacement = one.createActor(DbRegistry.class, named("db registry"));
        assertNotEquals(onTwo, replacement);
        assertTrue(replacement.system().startsWith(three.status().adminAddress() + "/"), replacement.toString());
    }

    @Test
    void withoutTheLeaderANamedCreationFailsAndSaysWhy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ActorSystem alone = start("127.0.0.1:" + port, Map.of());
        ActorSystemException error = assertThrows(ActorSystemException.class,
                () -> alone.createActor(Registry.class, named("registry")));
        assertTrue(error.getMessage().contains("needs the Convention Leader at 127.0.0.1:" + port), error.getMessage());
        alone.createActor(Registry.class);
    }
}
