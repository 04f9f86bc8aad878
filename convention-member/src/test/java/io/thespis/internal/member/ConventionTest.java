package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.RequireCapability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three NETWORK systems in this JVM, each with its own gRPC server on 127.0.0.1, port 0. */
class ConventionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final NetworkSystems systems = new NetworkSystems();

    @AfterEach
    void stopAll() {
        systems.stopAll();
    }

    private ActorSystem start(String leader, Map<String, Object> capabilities) {
        return systems.start(leader, capabilities);
    }

    /** The leader (no capabilities), a worker, and a database host. */
    private List<ActorSystem> convention() {
        ActorSystem leader = start(null, Map.of("role", "leader"));
        String leaderAddress = leader.status().adminAddress();
        ActorSystem worker = start(leaderAddress, Map.of("role", "worker"));
        ActorSystem db = start(leaderAddress, Map.of("role", "db", "Has DB access", true));
        awaitMembers(3, leader, worker, db);
        return List.of(leader, worker, db);
    }

    private static void awaitMembers(int count, ActorSystem... systems) {
        for (ActorSystem system : systems) {
            await().atMost(WAIT).until(() -> system.status().members().size() == count);
        }
    }

    @RequireCapability("Has DB access")
    static class DbUpdater extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "updated " + text + " on " + myAddress().system());
            }
        }
    }

    record CreateDbUpdater(String text) {
    }

    /** Creates a DbUpdater child (asynchronously, from an actor) and relays its answer. */
    static class Coordinator extends Actor {
        private final Map<ActorAddress, ActorAddress> askers = new HashMap<>();
        private ActorAddress exitWatcher;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof CreateDbUpdater create) {
                ActorAddress child = createActor(DbUpdater.class);
                askers.put(child, sender);
                send(child, create.text());
            } else if (message instanceof String text && askers.containsKey(sender)) {
                send(askers.get(sender), text);
            } else if ("watch exits".equals(message)) {
                exitWatcher = sender;
            } else if (message instanceof ChildActorExited exited && exitWatcher != null) {
                // The child's address: outside code does not receive the system's own messages.
                send(exitWatcher, exited.child());
            }
        }
    }

    @Test
    void everyMemberSeesEveryOtherWithItsCapabilities() {
        List<ActorSystem> all = convention();
        for (ActorSystem system : all) {
            Map<String, Object> roles = system.status().members().stream()
                    .collect(Collectors.toMap(MemberStatus::adminAddress, m -> m.capabilities().get("role")));
            assertEquals(Set.of("leader", "worker", "db"), Set.copyOf(roles.values()));
            assertEquals(all.get(0).status().adminAddress(), system.status().conventionLeader());
        }
        MemberStatus db = all.get(1).status().members().stream()
                .filter(m -> m.capabilities().containsKey("Has DB access")).findFirst().orElseThrow();
        assertEquals(true, db.capabilities().get("Has DB access"));
    }

    @Test
    void actorsNeedingTheDatabaseLandOnTheDatabaseHost() {
        List<ActorSystem> all = convention();
        ActorSystem worker = all.get(1);
        ActorSystem db = all.get(2);
        String dbSystem = db.status().adminAddress();

        ActorAddress fromOutside = worker.createActor(DbUpdater.class);
        assertTrue(fromOutside.system().startsWith(dbSystem + "/"), fromOutside.toString());
        assertEquals("updated a on " + fromOutside.system(), worker.ask(fromOutside, "a", WAIT));

        ActorAddress coordinator = worker.createActor(Coordinator.class);
        assertTrue(coordinator.system().startsWith(worker.status().adminAddress() + "/"));
        Object relayed = worker.ask(coordinator, new CreateDbUpdater("b"), WAIT);
        assertTrue(String.valueOf(relayed).startsWith("updated b on " + dbSystem + "/"), String.valueOf(relayed));
        assertEquals(2, db.status().actorCount());
        assertEquals(1, worker.status().actorCount());
    }

    @Test
    void capabilityChangesReachEveryMemberAndMovePlacement() {
        List<ActorSystem> all = convention();
        ActorSystem worker = all.get(1);
        ActorSystem db = all.get(2);
        String dbAddress = db.status().adminAddress();
        ActorAddress coordinator = worker.createActor(Coordinator.class);
        assertTrue(String.valueOf(worker.ask(coordinator, new CreateDbUpdater("x"), WAIT)).startsWith("updated x"));
        worker.ask(coordinator, "watch exits", Duration.ofMillis(1));

        db.updateCapability("Has DB access", false);
        for (ActorSystem system : all) {
            await().atMost(WAIT).until(() -> system.status().members().stream()
                    .anyMatch(m -> m.adminAddress().equals(dbAddress) && Boolean.FALSE.equals(m.capabilities().get("Has DB access"))));
        }
        // The updater no longer qualifies on the database host: it exits, and its parent on the worker is told.
        assertInstanceOf(ActorAddress.class, worker.listen(WAIT));
        NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                () -> worker.createActor(DbUpdater.class));
        assertTrue(refused.getMessage().contains("0 of 3 systems qualify"), refused.getMessage());
        assertTrue(refused.getMessage().contains(dbAddress), refused.getMessage());

        db.updateCapability("Has DB access", true);
        await().atMost(WAIT).untilAsserted(() ->
                assertTrue(worker.createActor(DbUpdater.class).system().startsWith(dbAddress + "/")));
    }

    record Burst(ActorAddress target, int count) {
    }

    static class Sender extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Burst burst) {
                for (int i = 0; i < burst.count(); i++) {
                    send(burst.target(), new SequenceCounter.Numbered(i));
                }
            }
        }
    }

    @RequireCapability("Has DB access")
    static class DbCounter extends SequenceCounter {
    }

    @Test
    void oneHundredThousandMessagesAcrossHostsArriveInOrder() {
        List<ActorSystem> all = convention();
        ActorSystem worker = all.get(1);
        ActorAddress counter = worker.createActor(DbCounter.class);
        assertTrue(counter.system().startsWith(all.get(2).status().adminAddress() + "/"));
        worker.tell(worker.createActor(Sender.class), new Burst(counter, 100_000));
        assertEquals(List.of(100_000, 0), worker.ask(counter, new SequenceCounter.ReportWhen(100_000), Duration.ofMinutes(2)));
    }

    static final class NotAllowed {
    }

    @Test
    void aMessageTypeOffTheAllowListIsRefusedAtTheSender() {
        List<ActorSystem> all = convention();
        ActorAddress remote = all.get(1).createActor(DbUpdater.class);
        ActorSystemException refused = assertThrows(ActorSystemException.class,
                () -> all.get(1).tell(remote, new Thread()));
        assertTrue(refused.getMessage().contains("java.lang.Thread may not cross hosts"), refused.getMessage());
        assertEquals("updated still works on " + remote.system(), all.get(1).ask(remote, "still works", WAIT));
    }

    /** Reports every Convention change it is told about. */
    static class Watcher extends Actor {
        private final List<ActorSystemConventionUpdate> updates = new ArrayList<>();
        private ActorAddress asker;

        Watcher() {
            notifyOnSystemRegistrationChanges(true);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorSystemConventionUpdate update) {
                updates.add(update);
            } else if ("updates?".equals(message)) {
                asker = sender;
            }
            if (asker != null && !updates.isEmpty()) {
                send(asker, List.copyOf(updates));
                updates.clear();
                asker = null;
            }
        }
    }

    @Test
    void aMemberThatLeavesIsDroppedAndItsChildrensParentsAreTold() {
        List<ActorSystem> all = convention();
        ActorSystem worker = all.get(1);
        ActorSystem db = all.get(2);
        String dbAddress = db.status().adminAddress();
        ActorAddress watcher = worker.createActor(Watcher.class);
        ActorAddress coordinator = worker.createActor(Coordinator.class);
        worker.ask(coordinator, new CreateDbUpdater("y"), WAIT);
        worker.ask(coordinator, "watch exits", Duration.ofMillis(1));

        db.shutdown();
        assertInstanceOf(ActorAddress.class, worker.listen(WAIT));
        await().atMost(WAIT).until(() -> all.get(0).status().members().size() == 2);
        @SuppressWarnings("unchecked")
        List<ActorSystemConventionUpdate> updates = (List<ActorSystemConventionUpdate>) worker.ask(watcher, "updates?", WAIT);
        assertEquals(new ActorSystemConventionUpdate(dbAddress, Map.of(), false), updates.get(updates.size() - 1));
        assertThrows(NoCompatibleSystemForActor.class, () -> worker.createActor(DbUpdater.class));
    }

    @Test
    void placementTimeoutWaitsForAQualifyingMemberToJoin() throws Exception {
        ActorSystem leader = start(null, Map.of());
        String leaderAddress = leader.status().adminAddress();
        ActorSystem worker = start(leaderAddress, Map.of());
        awaitMembers(2, leader, worker);
        var creation = java.util.concurrent.CompletableFuture.supplyAsync(() -> worker.createActor(DbUpdater.class,
                CreateOptions.none().withPlacementTimeout(Duration.ofSeconds(20))));
        ActorSystem late = start(leaderAddress, Map.of("Has DB access", true));
        ActorAddress placed = creation.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(placed.system().startsWith(late.status().adminAddress() + "/"), placed.toString());
        assertEquals("updated late on " + placed.system(), worker.ask(placed, "late", WAIT));
    }
}
