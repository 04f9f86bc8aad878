package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_requireCapability.py}: {@code @requireCapability} (Thespis'
 * {@link RequireCapability}) asks for a capability that is present and truthy, or equal to a value; stacked, it asks
 * for all of them, in any order; a check method sees the creator's requirements. Thespian calls the generated check
 * method directly; the port asks a system, given each set of capabilities in turn, to create the actor.
 */
class ThespianRequireCapabilityTest extends ConformanceTest {
    /** The capabilities the scenarios set; those a case does not name are removed. */
    private static final List<String> NAMES = List.of("asdf", "qwer", "frog", "Frog");

    /** What the classes below do with messages: nothing; only where they may run matters. */
    abstract static class Placed extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @RequireCapability("asdf")
    static class Req1 extends Placed {
    }

    @RequireCapability("asdf")
    @RequireCapability("qwer")
    static class Req2 extends Placed {
    }

    @RequireCapability("qwer")
    @RequireCapability("asdf")
    static class Req2Rev extends Placed {
    }

    @RequireCapability(value = "frog", equalTo = "ribbet")
    static class Req3 extends Placed {
    }

    /** Thespian's {@code TestUnitRequireRequirements.req1}: runs only when required to woof. */
    static class ReqWoof extends Placed {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return "woof".equals(requirements.getOrDefault("foo", "bar"));
        }
    }

    /** {@code name=value} pairs, a {@code null} value meaning the capability is absent. */
    private static Map<String, Object> caps(Object... pairs) {
        Map<String, Object> caps = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            caps.put((String) pairs[i], pairs[i + 1]);
        }
        return caps;
    }

    /** Whether {@code system}, given exactly {@code capabilities}, creates an {@code actorClass} with requirements. */
    private static boolean qualifies(ActorSystem system, Class<? extends Actor> actorClass,
                                     Map<String, Object> capabilities, Map<String, Object> requirements) {
        for (String name : NAMES) {
            system.updateCapability(name, capabilities.get(name));
        }
        try {
            system.tell(system.createActor(actorClass, CreateOptions.none().withRequirements(requirements)),
                    new ActorExitRequest());
            return true;
        } catch (NoCompatibleSystemForActor refused) {
            assertTrue(refused.getMessage().contains(actorClass.getName()), refused.getMessage());
            return false;
        }
    }

    private static boolean qualifies(ActorSystem system, Class<? extends Actor> actorClass, Object... capabilities) {
        return qualifies(system, actorClass, caps(capabilities), Map.of());
    }

    /** Checks {@code actorClass} against the table test_oneReq, test_twoReq and test_twoReqReverse share. */
    private static void checkAgainstAsdfAndQwer(ActorSystem system, Class<? extends Actor> actorClass, boolean both) {
        assertFalse(qualifies(system, actorClass));
        assertFalse(qualifies(system, actorClass, "asdf", false));
        assertEquals(!both, qualifies(system, actorClass, "asdf", true));
        assertEquals(!both, qualifies(system, actorClass, "asdf", true, "qwer", false));
        assertTrue(qualifies(system, actorClass, "asdf", true, "qwer", true));
        assertFalse(qualifies(system, actorClass, "qwer", false, "asdf", false));
        assertFalse(qualifies(system, actorClass, "qwer", true, "asdf", false));
    }

    /** Ports {@code test_oneReq}. */
    @EveryBase
    void oneRequiredCapabilityMustBeTrue(SystemBase base) {
        checkAgainstAsdfAndQwer(system(base), Req1.class, false);
    }

    /** Ports {@code test_oneReq_no_value_spec_must_be_truthy}. */
    @EveryBase
    void aRequiredCapabilityMustBeTruthy(SystemBase base) {
        ActorSystem system = system(base);
        assertTrue(qualifies(system, Req1.class, "asdf", "truthy string"));
        assertTrue(qualifies(system, Req1.class, "asdf", 1));
        assertFalse(qualifies(system, Req1.class, "asdf", ""));
        assertFalse(qualifies(system, Req1.class, "asdf", 0));
    }

    /** Ports {@code test_twoReq}. */
    @EveryBase
    void twoStackedRequirementsMustBothHold(SystemBase base) {
        checkAgainstAsdfAndQwer(system(base), Req2.class, true);
    }

    /** Ports {@code test_twoReqReverse}. */
    @EveryBase
    void stackedRequirementsInTheOtherOrderAreTheSame(SystemBase base) {
        checkAgainstAsdfAndQwer(system(base), Req2Rev.class, true);
    }

    /** Ports {@code test_threeReq}: a required value is compared exactly, and the name's case counts. */
    @EveryBase
    void aRequiredValueMustBeEqual(SystemBase base) {
        ActorSystem system = system(base);
        assertTrue(qualifies(system, Req3.class, "frog", "ribbet"));
        assertFalse(qualifies(system, Req3.class, "frog", "moo"));
        assertFalse(qualifies(system, Req3.class, "frog", true));
        assertFalse(qualifies(system, Req3.class, "frog", false));
        assertFalse(qualifies(system, Req3.class, "frog", 1));
        assertFalse(qualifies(system, Req3.class, "frog", 0));
        assertFalse(qualifies(system, Req3.class, "frog", null));
        assertFalse(qualifies(system, Req3.class, "Frog", "ribbet"));
    }

    /**
     * Ports {@code TestUnitRequireRequirements.test_ActorReqs}: the check method sees the creator's requirements.
     * Departs from Thespian: a requirement whose value is {@code null} ({@code {'foo': None}}) is refused by
     * {@link CreateOptions} with {@link IllegalArgumentException}, as a {@code null} capability is.
     */
    @EveryBase
    void aCheckMethodSeesTheRequirements(SystemBase base) {
        ActorSystem system = system(base);
        assertFalse(qualifies(system, ReqWoof.class, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> qualifies(system, ReqWoof.class, Map.of(), caps("foo", null)));
        assertFalse(qualifies(system, ReqWoof.class, Map.of(), Map.of("foo", true)));
        assertFalse(qualifies(system, ReqWoof.class, Map.of(), Map.of("foo", "boo")));
        assertFalse(qualifies(system, ReqWoof.class, Map.of(), Map.of("dog", "woof")));
        assertTrue(qualifies(system, ReqWoof.class, Map.of(), Map.of("foo", "woof")));
        assertTrue(qualifies(system, ReqWoof.class, Map.of(), Map.of("foo", "woof", "bar", "foo")));
    }
}
