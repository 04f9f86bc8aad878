package io.thespis.internal.rules;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.CapabilityLoss;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.OnCapabilityLoss;
import io.thespis.actor.PreferCapability;
import io.thespis.actor.RequireCapability;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActorRequirementsTest {
    abstract static class Quiet extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @RequireCapability("Has DB access")
    static class Base extends Quiet {
    }

    @RequireCapability("zone")
    @RequireCapability("gpus")
    static class Derived extends Base {
    }

    static class Checked extends Quiet {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            if (capabilities.containsKey("explode")) {
                throw new IllegalStateException("boom");
            }
            return capabilities.get("zone").equals(requirements.get("zone"));
        }
    }

    static class PrivateCheck extends Quiet {
        private static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                          Map<String, Object> requirements) {
            return true;
        }
    }

    static class WrongReturn extends Quiet {
        public static Boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return true;
        }
    }

    @RequireCapability(value = "zone", equalTo = "eu-west")
    @RequireCapability(value = "gpus", atLeast = 2)
    static class Trainer extends Quiet {
    }

    @PreferCapability(value = "ssd", weight = 10)
    static class Indexer extends Quiet {
    }

    @PreferCapability(value = "zone", equalTo = "eu-west", weight = 3)
    static class LocalIndexer extends Indexer {
    }

    @PreferCapability(value = "ssd", weight = 0)
    static class Weightless extends Quiet {
    }

    @Test
    void annotationsAreRepeatableAndInheritedSuperclassFirst() {
        assertEquals(List.of("Has DB access", "zone", "gpus"),
                ActorRequirements.of(Derived.class).required().stream().map(CapabilityRequirement::name).toList());
        assertTrue(ActorRequirements.of(Derived.class).required().stream().allMatch(CapabilityRequirement::truthyOnly));
        assertSame(ActorRequirements.of(Derived.class), ActorRequirements.of(Derived.class));
    }

    @Test
    void equalToComparesTheStringFormAndAtLeastComparesNumbers() {
        ActorRequirements trainer = ActorRequirements.of(Trainer.class);
        assertEquals(Verdict.ELIGIBLE, trainer.evaluate(Map.of("zone", "eu-west", "gpus", 2), Map.of()));
        assertEquals(Verdict.ELIGIBLE, trainer.evaluate(Map.of("zone", "eu-west", "gpus", 8.5), Map.of()));
        assertEquals(Verdict.ELIGIBLE, trainer.evaluate(Map.of("zone", "eu-west", "gpus", "4"), Map.of()));
        assertEquals(Verdict.refused("have zone=us-east (wanted eu-west)"),
                trainer.evaluate(Map.of("zone", "us-east", "gpus", 2), Map.of()));
        assertEquals(Verdict.refused("have gpus=1 (wanted at least 2)"),
                trainer.evaluate(Map.of("zone", "eu-west", "gpus", 1), Map.of()));
        assertEquals(Verdict.refused("have gpus=many (wanted at least 2)"),
                trainer.evaluate(Map.of("zone", "eu-west", "gpus", "many"), Map.of()));
        assertEquals(Verdict.refused("lack gpus"), trainer.evaluate(Map.of("zone", "eu-west"), Map.of()));
    }

    @Test
    void preferencesAddTheirWeightsAndAreInherited() {
        ActorRequirements indexer = ActorRequirements.of(LocalIndexer.class);
        assertEquals(2, indexer.preferences().size());
        assertEquals(0, indexer.preferenceScore(Map.of()));
        assertEquals(10, indexer.preferenceScore(Map.of("ssd", true)));
        assertEquals(0, indexer.preferenceScore(Map.of("ssd", false, "zone", "us-east")));
        assertEquals(13, indexer.preferenceScore(Map.of("ssd", "nvme", "zone", "eu-west")));
        assertTrue(indexer.evaluate(Map.of(), Map.of()).eligible(), "preferences never refuse");
        InvalidActorSpecification error = assertThrows(InvalidActorSpecification.class,
                () -> ActorRequirements.of(Weightless.class));
        assertTrue(error.getMessage().contains("needs a positive weight, got 0"), error.getMessage());
    }

    @Test
    void theFirstUnmetRequirementIsTheReason() {
        ActorRequirements requirements = ActorRequirements.of(Derived.class);
        Map<String, Object> capabilities = new LinkedHashMap<>(Map.of("Has DB access", true, "zone", "eu"));
        assertEquals(Verdict.refused("lack gpus"), requirements.evaluate(capabilities, Map.of()));
        capabilities.put("gpus", 0);
        assertEquals(Verdict.refused("have gpus=0 (wanted a true value)"),
                requirements.evaluate(capabilities, Map.of()));
        capabilities.put("gpus", 2);
        assertEquals(Verdict.ELIGIBLE, requirements.evaluate(capabilities, Map.of()));
    }

    @Test
    void theCheckMethodGetsTheRequirementsAndItsExceptionsAreReasons() {
        ActorRequirements requirements = ActorRequirements.of(Checked.class);
        assertTrue(requirements.hasCheckMethod());
        assertTrue(requirements.evaluate(Map.of("zone", "eu"), Map.of("zone", "eu")).eligible());
        assertEquals(Verdict.refused("actorSystemCapabilityCheck returned false"),
                requirements.evaluate(Map.of("zone", "eu"), Map.of("zone", "us")));
        assertEquals(Verdict.refused("actorSystemCapabilityCheck threw IllegalStateException: boom"),
                requirements.evaluate(Map.of("zone", "eu", "explode", 1), Map.of()));
        assertTrue(requirements.evaluate(Map.of(), Map.of()).reason()
                .startsWith("actorSystemCapabilityCheck threw NullPointerException"));
    }

    @Test
    void malformedCheckMethodsNameTheClassAndTheExpectedForm() {
        for (Class<?> invalid : List.of(PrivateCheck.class, WrongReturn.class)) {
            InvalidActorSpecification error = assertThrows(InvalidActorSpecification.class,
                    () -> ActorRequirements.of(invalid));
            assertTrue(error.getMessage().startsWith(invalid.getName() + " declares "), error.getMessage());
            assertTrue(error.getMessage().endsWith(ActorRequirements.CHECK_SIGNATURE), error.getMessage());
        }
        assertFalse(ActorRequirements.of(Base.class).hasCheckMethod());
    }

    @Test
    void refusalsAreSummarisedByReason() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        verdicts.put("a:1900", Verdict.refused("lack \"Has DB access\""));
        verdicts.put("b:1900", Verdict.ELIGIBLE);
        verdicts.put("c:1900", Verdict.refused("lack \"Has DB access\""));
        verdicts.put("d:1900", Verdict.refused("actorSystemCapabilityCheck returned false"));
        assertEquals("no system can host x.Y with requirements {zone=eu}: 1 of 4 systems qualify: "
                        + "2 lack \"Has DB access\" (a:1900, c:1900), 1 actorSystemCapabilityCheck returned false (d:1900)",
                PlacementRefusal.message("x.Y", Map.of("zone", "eu"), verdicts));
    }

    @OnCapabilityLoss(CapabilityLoss.KEEP)
    static class Keeps extends Base {
    }

    static class KeepsToo extends Keeps {
    }

    @OnCapabilityLoss(CapabilityLoss.STOP)
    static class StopsAgain extends Keeps {
    }

    @Test
    void actorsStopOnCapabilityLossUnlessTheirClassOrASuperclassKeepsThem() {
        assertEquals(CapabilityLoss.STOP, ActorRequirements.of(Derived.class).onCapabilityLoss());
        assertEquals(CapabilityLoss.KEEP, ActorRequirements.of(Keeps.class).onCapabilityLoss());
        assertEquals(CapabilityLoss.KEEP, ActorRequirements.of(KeepsToo.class).onCapabilityLoss());
        assertEquals(CapabilityLoss.STOP, ActorRequirements.of(StopsAgain.class).onCapabilityLoss());
    }
}
