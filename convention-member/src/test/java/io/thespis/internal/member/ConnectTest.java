package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import io.thespis.actor.SystemStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ActorSystem.connect against a running system in this JVM; the daemon-process case is in the CLI tests. */
class ConnectTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private ActorSystem daemon;
    private ActorSystem client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (daemon != null) {
            daemon.shutdown();
        }
    }

    @RequireCapability("Has DB access")
    static class Chatty extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "first " + text);
                send(sender, "second " + text);
            }
        }
    }

    @Test
    void aClientCreatesAsksTellsListensAndReadsStatus() {
        daemon = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .capability("Has DB access", true).start();
        String address = daemon.status().adminAddress();
        client = ActorSystem.connect(address);

        ActorAddress chatty = client.createActor(Chatty.class.getName(), CreateOptions.none());
        assertTrue(chatty.system().startsWith(address + "/"), chatty.toString());
        assertEquals("first hi", client.ask(chatty, "hi", WAIT));
        assertEquals("second hi", client.listen(WAIT), "a later reply to an ask reaches listen");
        client.tell(chatty, "there");
        assertEquals("first there", client.listen(WAIT));
        assertEquals("second there", client.listen(WAIT));
        assertNull(client.listen(Duration.ofMillis(50)));

        SystemStatus status = client.status();
        assertEquals(address, status.adminAddress());
        assertEquals(1, status.actorCount());
        assertEquals(true, status.capabilities().get("Has DB access"));

        client.updateCapability("zone", "eu-west");
        assertEquals("eu-west", daemon.status().capabilities().get("zone"));
        client.updateCapability("Has DB access", null);
        NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                () -> client.createActor(Chatty.class.getName(), CreateOptions.none()));
        assertTrue(refused.getMessage().contains("lack \"Has DB access\""), refused.getMessage());
        assertThrows(InvalidActorSpecification.class, () -> client.createActor("no.such.Actor", CreateOptions.none()));

        client.shutdown();
        assertEquals(Map.of("zone", "eu-west"), daemon.status().capabilities(), "disconnecting leaves the daemon running");
    }

    /**
     * A client's ask of an actor that exited fails at once with ActorGoneException, whether the actor lived on the
     * member the client is connected to or on another one (whose member sends the notice back).
     */
    @Test
    void aClientsAskOfAnActorThatExitedFailsAtOnceOnEitherMember() {
        daemon = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1").start();
        String address = daemon.status().adminAddress();
        try (ActorSystem other = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader(address).capability("Has DB access", true).start()) {
            await().atMost(WAIT).until(() -> daemon.status().members().size() == 2);
            client = ActorSystem.connect(address);
            ActorAddress far = client.createActor(Chatty.class.getName(), CreateOptions.none());
            assertEquals(other.status().adminAddress(), far.system().substring(0, far.system().indexOf('/')));
            ActorAddress near = daemon.createActor(Echo.class);
            for (Map.Entry<ActorAddress, ActorSystem> actor : Map.of(far, other, near, daemon).entrySet()) {
                ActorAddress exited = actor.getKey();
                assertNotNull(client.ask(exited, "hi", WAIT));
                client.tell(exited, new ActorExitRequest());
                await().atMost(WAIT).until(() -> actor.getValue().status().actorCount() == 0);
                ActorGoneException gone = assertThrows(ActorGoneException.class,
                        () -> client.ask(exited, "anyone?", WAIT));
                assertEquals(exited, gone.address());
                client.listen(Duration.ofMillis(50));
            }
        }
    }

    static class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String) {
                send(sender, message);
            }
        }
    }

    @Test
    void connectingToNothingSaysWhere() {
        ActorSystemException refused = assertThrows(ActorSystemException.class, () -> ActorSystem.connect("127.0.0.1:9"));
        assertTrue(refused.getMessage().contains("127.0.0.1:9"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActorSystem.connect("no-port"));
    }
}
