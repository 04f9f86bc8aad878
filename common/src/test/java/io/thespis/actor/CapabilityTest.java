package io.thespis.actor;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RequireCapability("Has DB access")
    static class DbUpdater extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "updated");
        }
    }

    static class ZoneBound extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return requirements.getOrDefault("zone", "eu-west").equals(capabilities.get("zone"));
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "in zone");
        }
    }

    static class InstanceCheck extends Actor {
        public boolean actorSystemCapabilityCheck(Map<String, Object> capabilities, Map<String, Object> requirements) {
            return true;
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    static class WrongParameters extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities) {
            return true;
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @EveryLocalBase
    void aSystemWithoutTheCapabilityRefusesAndSaysWhy(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                    () -> system.createActor(DbUpdater.class));
            assertTrue(refused.getMessage().contains(DbUpdater.class.getName()), refused.getMessage());
            assertTrue(refused.getMessage().contains("0 of 1 systems qualify: 1 lack \"Has DB access\""),
                    refused.getMessage());
            assertEquals(0, system.status().actorCount());
        }
    }

    @EveryLocalBase
    void aFalseCapabilityDoesNotQualify(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("Has DB access", false).start()) {
            NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                    () -> system.createActor(DbUpdater.class));
            assertTrue(refused.getMessage().contains("have \"Has DB access\"=false"), refused.getMessage());
        }
    }

    @EveryLocalBase
    void aSystemWithTheCapabilityHostsTheActor(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("Has DB access", true).start()) {
            assertEquals("updated", system.ask(system.createActor(DbUpdater.class), "go", WAIT));
        }
    }

    @EveryLocalBase
    void theCheckMethodSeesCapabilitiesAndTheCreatorsRequirements(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("zone", "eu-west").start()) {
            assertEquals("in zone", system.ask(system.createActor(ZoneBound.class), "where?", WAIT));
            CreateOptions usEast = CreateOptions.none().withRequirements(Map.of("zone", "us-east"));
            NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                    () -> system.createActor(ZoneBound.class, usEast));
            assertTrue(refused.getMessage().contains("actorSystemCapabilityCheck returned false"), refused.getMessage());
            assertTrue(refused.getMessage().contains("{zone=us-east}"), refused.getMessage());
        }
    }

    @EveryLocalBase
    void malformedCheckMethodsAreInvalidSpecifications(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            for (Class<? extends Actor> invalid : java.util.List.of(InstanceCheck.class, WrongParameters.class)) {
                InvalidActorSpecification error = assertThrows(InvalidActorSpecification.class,
                        () -> system.createActor(invalid));
                assertTrue(error.getMessage().contains(invalid.getName()), error.getMessage());
                assertTrue(error.getMessage().contains("public static boolean actorSystemCapabilityCheck("
                        + "Map<String,Object> capabilities, Map<String,Object> requirements)"), error.getMessage());
            }
        }
    }

    /** Updates a capability of its own system on request, and reports the exit of its child. */
    static class Administrator extends Actor {
        private ChildActorExited exited;
        private ActorAddress waitingForExit;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Boolean access) {
                updateCapability("Has DB access", access ? true : null);
                send(sender, "done");
            } else if (message instanceof ChildActorExited notice) {
                exited = notice;
            } else if ("exited?".equals(message)) {
                waitingForExit = sender;
            } else if ("spawn".equals(message)) {
                send(sender, createActor(DbUpdater.class));
            }
            if (exited != null && waitingForExit != null) {
                send(waitingForExit, exited.child());
                waitingForExit = null;
            }
        }
    }

    /** Needs the database to be created, but keeps running (and answering) without it. */
    @RequireCapability("Has DB access")
    @OnCapabilityLoss(CapabilityLoss.KEEP)
    static class DbCache extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "cached");
        }
    }

    /** Says so, though stopping is the default. */
    @OnCapabilityLoss(CapabilityLoss.STOP)
    static class StoppingDbUpdater extends DbUpdater {
    }

    /** Inherits keeping from its superclass. */
    static class KeepingSubclass extends DbCache {
    }

    @EveryLocalBase
    void actorsOfAClassThatKeepsItsActorsOutliveTheLossOfACapabilityTheyNeed(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("Has DB access", true).start()) {
            ActorAddress cache = system.createActor(DbCache.class);
            ActorAddress inherited = system.createActor(KeepingSubclass.class);
            ActorAddress stopping = system.createActor(StoppingDbUpdater.class);
            ActorAddress updater = system.createActor(DbUpdater.class);
            assertEquals(4, system.status().actorCount());
            system.updateCapability("Has DB access", null);
            assertThrows(ActorGoneException.class, () -> system.ask(updater, "go", WAIT));
            assertThrows(ActorGoneException.class, () -> system.ask(stopping, "go", WAIT));
            assertEquals("cached", system.ask(cache, "get", WAIT));
            assertEquals("cached", system.ask(inherited, "get", WAIT));
            assertEquals(2, system.status().actorCount());
            // A kept actor is not a reason to place new ones where the requirements do not hold.
            assertThrows(NoCompatibleSystemForActor.class, () -> system.createActor(DbCache.class));
        }
    }

    @EveryLocalBase
    void losingACapabilityAsksActorsThatNeedItToExit(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("Has DB access", true).start()) {
            ActorAddress admin = system.createActor(Administrator.class);
            ActorAddress updater = (ActorAddress) system.ask(admin, "spawn", WAIT);
            long generation = system.status().members().get(0).generation();
            system.updateCapability("Has DB access", null);
            assertEquals(Map.of(), system.status().capabilities());
            assertTrue(system.status().members().get(0).generation() > generation);
            // The updater no longer qualifies: it was asked to exit, and its parent was told.
            assertEquals(updater, system.ask(admin, "exited?", WAIT));
            assertEquals(1, system.status().actorCount());
            assertThrows(NoCompatibleSystemForActor.class, () -> system.createActor(DbUpdater.class));
            assertEquals("done", system.ask(admin, Boolean.TRUE, WAIT));
            assertEquals("updated", system.ask(system.createActor(DbUpdater.class), "go", WAIT));
        }
    }
}
