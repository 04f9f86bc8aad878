package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_updateSystemCapabilities.py}: capabilities changed by outside code or by an actor
 * decide where new actors may go, ask the actors that no longer qualify to exit (with their children), and leave the
 * others alone; a change on one system does not touch the actors of another. The scenarios of
 * {@code TestFuncSingleSystemCapabilityUpdates}, and those of {@code TestFuncCapabilityUpdates} that use one system,
 * run under every base; the others need the {@code asys_trio} (three NETWORK members), as in Thespian, where the
 * simple base skips them.
 *
 * <p>Departs from Thespian:
 * <ul>
 *   <li>an actor's constructor gets neither its system's capabilities nor its requirements (Thespian passes them to
 *   an {@code __init__} that names them; a Thespis actor class has a no-argument constructor, since a restart makes a
 *   fresh instance), so the {@code GetCaps} checks of {@code test02} are not ported;</li>
 *   <li>an actor whose {@code createActor} finds no qualifying system gets {@link NoCompatibleSystemForActor} at once,
 *   which fails its message (Thespian returns an address whose actor never starts): when that actor is the first of a
 *   chain, outside code's ask gets the message back as a {@link PoisonMessage} instead of nothing;</li>
 *   <li>asking an actor that exited throws {@link ActorGoneException} instead of returning nothing;</li>
 *   <li>a capability whose value is not a boolean, number or string reaches the other members as its string form.</li>
 * </ul>
 */
class ThespianUpdateSystemCapabilitiesTest extends ConformanceTest {
    private List<ActorSystem> all = List.of();

    /** Has the receiving actor set a capability of its system, and answer "ok". */
    record SetCap(String name, Object value) {
    }

    /**
     * A text passed along a chain of color actors, each creating the next from its class name, the last of which
     * sends the text back to {@code replyTo} (the sender of the first, once known).
     */
    record Route(List<String> colors, String text, ActorAddress replyTo) {
        @SafeVarargs
        static Route through(String text, Class<? extends Actor>... colors) {
            List<String> names = new ArrayList<>();
            for (Class<? extends Actor> color : colors) {
                names.add(color.getName());
            }
            return new Route(List.copyOf(names), text, null);
        }
    }

    /**
     * Thespian's {@code ColorActorBase}: answers text, sets capabilities, passes {@link Route}s on to children it
     * creates once per class (and forgets them when they exit), and names those classes on "subs?".
     */
    abstract static class ColorActor extends Actor {
        private final Map<String, ActorAddress> subs = new HashMap<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("subs?".equals(message)) {
                send(sender, Set.copyOf(subs.keySet()));
            } else if (message instanceof String text) {
                send(sender, "Got: " + text);
            } else if (message instanceof SetCap set) {
                updateCapability(set.name(), set.value());
                send(sender, "ok");
            } else if (message instanceof Route route) {
                ActorAddress replyTo = route.replyTo() == null ? sender : route.replyTo();
                if (route.colors().isEmpty()) {
                    send(replyTo, route.text());
                } else {
                    String next = route.colors().get(0);
                    ActorAddress sub = subs.computeIfAbsent(next, name -> createActor(name, CreateOptions.none()));
                    send(sub, new Route(route.colors().subList(1, route.colors().size()), route.text(), replyTo));
                }
            } else if (message instanceof ChildActorExited exited) {
                subs.values().remove(exited.child());
            }
        }
    }

    static class RedActor extends ColorActor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Red");
        }
    }

    static class GreenActor extends ColorActor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Green");
        }
    }

    static class BlueActor extends ColorActor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Blue");
        }
    }

    /** Has no check method: runs anywhere (Thespian's copy reads its capabilities in its constructor). */
    static class OrangeActor extends ColorActor {
    }

    /** Runs anywhere. */
    static class PurpleActor extends ColorActor {
    }

    /** Three NETWORK members, as Thespian's {@code asys_trio}: the first leads. */
    private List<ActorSystem> trio() {
        all = convention(Map.of(), Map.of(), Map.of());
        return all;
    }

    /** Sets a capability of {@code system} and waits until every system of the scenario sees it. */
    private void update(ActorSystem system, String name, Object value) {
        updateCapability(system, name, value, all);
    }

    private static void assertGotHello(ActorSystem system, ActorAddress... actors) {
        for (ActorAddress actor : actors) {
            assertEquals("Got: hello", ask(system, actor, "hello"));
        }
    }

    /**
     * Checks that {@code actor} is asked to exit: it soon has, and asking it on {@code host}, its system, fails at
     * once.
     */
    private static void assertExits(ActorSystem host, ActorAddress actor) {
        eventually(() -> {
            try {
                host.ask(actor, "still there?", NO_REPLY);
                return false;
            } catch (ActorGoneException gone) {
                return true;
            }
        });
    }

    /** Checks that outside code's {@code route} fails at its first actor, which finds no system for the next. */
    private static void assertNoSystemForTheNext(ActorSystem system, ActorAddress first, Route route) {
        PoisonMessage poison = assertInstanceOf(PoisonMessage.class, ask(system, first, route));
        assertTrue(poison.details().contains(NoCompatibleSystemForActor.class.getName()), poison.details());
    }

    /** Ports {@code TestFuncSingleSystemCapabilityUpdates.test00_systemUpdatable}: set, change and remove. */
    @EveryBase
    void outsideCodeSetsAndRemovesCapabilities(SystemBase base) {
        ActorSystem system = system(base);
        system.updateCapability("Colors", List.of("Red", "Blue", "Green"));
        system.updateCapability("Here", true);
        assertEquals(List.of("Red", "Blue", "Green"), system.status().capabilities().get("Colors"));
        assertEquals(true, system.status().capabilities().get("Here"));
        system.updateCapability("Here", null);
        assertEquals(Set.of("Colors"), system.status().capabilities().keySet());
    }

    /** Ports {@code TestFuncSingleSystemCapabilityUpdates.test01_actorUpdatable}. */
    @EveryBase
    void anActorSetsACapabilityOfItsSystem(SystemBase base) {
        ActorSystem system = system(base);
        assertEquals("ok", ask(system, system.createActor(OrangeActor.class), new SetCap("Blue", true)));
        assertEquals(true, system.status().capabilities().get("Blue"));
    }

    /**
     * Ports {@code test04_1_actorAddCapabilitiesEnablesOtherActors} (which uses one system of the trio): what an actor
     * adds lets its system host actors it refused before.
     */
    @EveryBase
    void capabilitiesAnActorAddsLetNewActorsIn(SystemBase base) {
        ActorSystem system = system(base);
        system.updateCapability("Red", true);
        ActorAddress red = system.createActor(RedActor.class);
        assertThrows(NoCompatibleSystemForActor.class, () -> system.createActor(BlueActor.class));
        assertThrows(NoCompatibleSystemForActor.class, () -> system.createActor(GreenActor.class));
        ActorAddress orange = system.createActor(OrangeActor.class);
        assertEquals("Got: Hello", ask(system, red, "Hello"));
        assertEquals("Got: Aloha", ask(system, orange, "Aloha"));
        assertEquals("ok", ask(system, red, new SetCap("Green", true)));
        assertEquals("ok", ask(system, red, new SetCap("Blue", true)));
        ActorAddress green = system.createActor(GreenActor.class);
        ActorAddress blue = system.createActor(BlueActor.class);
        assertGotHello(system, red, green, blue);
        assertEquals("Got: Aloha", ask(system, orange, "Aloha"));
    }

    /**
     * Ports {@code test11_allSubActorsNotifiedOfCapabilityChanges}: removing a capability that a child deep in a chain
     * needs has it and its own child exit, and no one else.
     */
    @EveryBase
    void aCapabilityRemovedEndsTheActorsDeepInAChainThatNeedIt(SystemBase base) {
        ActorSystem system = system(base);
        for (String color : List.of("Red", "Green", "Blue", "Orange")) {
            system.updateCapability(color, true);
        }
        ActorAddress red = system.createActor(RedActor.class);
        assertEquals("long path", ask(system, red, Route.through("long path",
                GreenActor.class, RedActor.class, OrangeActor.class, BlueActor.class, GreenActor.class)));
        assertEquals(6, system.status().actorCount());
        system.updateCapability("Blue", null);
        eventually(() -> system.status().actorCount() == 4);
        system.tell(red, new ActorExitRequest());
        eventually(() -> system.status().actorCount() == 0);
    }

    /**
     * Ports {@code test13_removeOriginalCapabilitiesAffectsActorDrivenCreateRequests}: once an actor removes a
     * capability its system started with, actors needing it no longer come from actors there either.
     */
    @EveryBase
    void aCapabilityRemovedByAnActorStopsActorsCreatingWhatNeedsIt(SystemBase base) {
        ActorSystem system = system(base);
        for (String color : List.of("Red", "Blue", "Green")) {
            system.updateCapability(color, true);
        }
        ActorAddress red = system.createActor(RedActor.class);
        ActorAddress blue = system.createActor(BlueActor.class);
        Route longPath = Route.through("long path",
                GreenActor.class, RedActor.class, BlueActor.class, GreenActor.class);
        assertEquals("long path", ask(system, blue, longPath));
        assertEquals("ok", ask(system, red, new SetCap("Green", null)));
        eventually(() -> Set.of().equals(ask(system, blue, "subs?")));
        assertNoSystemForTheNext(system, blue, longPath);
    }

    /**
     * Ports {@code test00_systemsRunnable} and {@code test01_defaultSystemsDoNotSupportColorActors}; a list-valued
     * capability reaches the other members as its string form.
     */
    @Test
    void noSystemOfTheTrioHostsColorActorsAtFirst() {
        List<ActorSystem> trio = trio();
        for (Class<? extends Actor> color : List.of(RedActor.class, BlueActor.class, GreenActor.class)) {
            assertThrows(NoCompatibleSystemForActor.class, () -> trio.get(0).createActor(color));
        }
        trio.get(0).updateCapability("Colors", List.of("Red", "Blue", "Green"));
        awaitCapabilitySeen(trio.get(0), "Colors", "[Red, Blue, Green]", trio.subList(1, 3));
    }

    /** One color per system: Red on the first, Green on the second, Blue on the third. */
    private List<ActorSystem> trioWithOneColorEach() {
        List<ActorSystem> trio = trio();
        update(trio.get(0), "Red", true);
        update(trio.get(1), "Green", true);
        update(trio.get(2), "Blue", true);
        return trio;
    }

    /**
     * Ports {@code test02_addColorCapabilitiesAllowsColorActors} (without its {@code GetCaps} checks, see the class
     * comment) and {@code test02_1_addColorCapabilitiesAllowsColorActorsAndSubActors}: each color actor goes where its
     * color is, those without a check stay with their creator, and chains cross the systems back and forth.
     */
    @Test
    void colorActorsGoWhereTheirColorIsAndChainsCrossTheSystems() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class,
                CreateOptions.none().withRequirements(Map.of("hue", "red")));
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class,
                CreateOptions.none().withRequirements(Map.of("hue", "blue")));
        ActorAddress orange = asys1.createActor(OrangeActor.class);
        ActorAddress purple = asys1.createActor(PurpleActor.class);
        assertOn(trio.get(0), red);
        assertOn(trio.get(1), green);
        assertOn(trio.get(2), blue);
        assertOn(trio.get(0), orange);
        assertOn(trio.get(0), purple);
        assertEquals("Got: hello", ask(asys1, red, "hello"));
        assertEquals("Got: howdy", ask(asys1, green, "howdy"));
        assertEquals("Got: greetings", ask(asys1, blue, "greetings"));
        assertEquals("Got: aloha", ask(asys1, orange, "aloha"));
        assertEquals("Got: aloha", ask(asys1, purple, "aloha"));
        assertEquals("path1", ask(asys1, red, Route.through("path1", BlueActor.class, GreenActor.class,
                RedActor.class, GreenActor.class, BlueActor.class, RedActor.class)));
        assertEquals("path2", ask(asys1, green, Route.through("path2", BlueActor.class, GreenActor.class,
                RedActor.class, GreenActor.class, BlueActor.class, RedActor.class)));
        assertEquals("path3", ask(asys1, blue, Route.through("path3", BlueActor.class, GreenActor.class,
                RedActor.class, GreenActor.class, OrangeActor.class, BlueActor.class, RedActor.class)));
        for (ActorAddress actor : List.of(red, green, blue)) {
            asys1.tell(actor, new ActorExitRequest());
        }
        eventually(() -> trio.stream().mapToInt(system -> system.status().actorCount()).sum() == 2);
    }

    /**
     * Ports {@code test03_addMultipleColorCapabilitiesToOneActorSystemAllowsColorActors} and
     * {@code test04_addMultipleColorCapabilitiesToLeaderActorSystemAllowsColorActors}: a system with several colors
     * hosts all of their actors, created by class or by name.
     */
    @Test
    void aSystemWithSeveralColorsHostsTheirActors() {
        List<ActorSystem> trio = trio();
        ActorSystem asys1 = trio.get(0);
        update(asys1, "Red", true);
        update(trio.get(1), "Green", true);
        update(trio.get(1), "Blue", true);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        assertOn(trio.get(1), green);
        assertOn(trio.get(1), blue);
        assertGotHello(asys1, red, green, blue);

        update(asys1, "Green", true);
        update(asys1, "Blue", true);
        ActorAddress localGreen = asys1.createActor(GreenActor.class.getName(), CreateOptions.none());
        ActorAddress localBlue = asys1.createActor(BlueActor.class);
        assertOn(asys1, localGreen);
        assertOn(asys1, localBlue);
        assertGotHello(asys1, localGreen, localBlue);
    }

    /**
     * Ports {@code test05_removingColorCapabilitiesKillsExistingColorActors}: removing each color from its system has
     * its actor exit; the actor without a check stays.
     */
    @Test
    void removingAColorEndsItsActors() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        ActorAddress orange = asys1.createActor(OrangeActor.class);
        assertGotHello(asys1, red, green, blue, orange);
        update(asys1, "Red", null);
        update(trio.get(1), "Green", null);
        update(trio.get(2), "Blue", null);
        assertExits(asys1, red);
        assertExits(trio.get(1), green);
        assertExits(trio.get(2), blue);
        assertEquals("Got: aloha", ask(asys1, orange, "aloha"));
    }

    /**
     * Ports {@code test05_1_removingColorCapabilitiesViaActorKillsExistingColorActors}: an actor that sets its own
     * color false answers, then exits; the others stay.
     */
    @Test
    void anActorThatTurnsItsColorOffExits() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        ActorAddress orange = asys1.createActor(OrangeActor.class);
        assertGotHello(asys1, red, green, blue, orange);
        assertEquals("ok", ask(asys1, red, new SetCap("Red", false)));
        assertEquals("ok", ask(asys1, blue, new SetCap("Blue", false)));
        assertExits(asys1, red);
        assertExits(trio.get(2), blue);
        assertEquals("Got: Howdy", ask(asys1, green, "Howdy"));
        assertEquals("Got: aloha", ask(asys1, orange, "aloha"));
    }

    /**
     * Ports {@code test06_removingColorCapabilitiesPreventsNewColorActors}: a color removed ends its actors and
     * refuses new ones, from outside code and from actors, until it is back.
     */
    @Test
    void aRemovedColorRefusesNewActorsUntilItIsBack() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        assertGotHello(asys1, red, green, blue);

        update(trio.get(2), "Blue", null);
        assertExits(trio.get(2), blue);
        assertEquals("Got: hellono", ask(asys1, red, "hellono"));
        assertEquals("Got: hino", ask(asys1, green, "hino"));
        update(asys1, "Red", null);
        assertExits(asys1, red);
        assertEquals("Got: hi", ask(asys1, green, "hi"));
        assertThrows(NoCompatibleSystemForActor.class, () -> asys1.createActor(RedActor.class));
        ActorAddress green2 = asys1.createActor(GreenActor.class);
        assertThrows(NoCompatibleSystemForActor.class, () -> asys1.createActor(BlueActor.class));

        update(trio.get(2), "Blue", true);
        ActorAddress blue2 = asys1.createActor(BlueActor.class);
        assertEquals("Got: howdy howdy", ask(asys1, green2, "howdy howdy"));
        assertEquals("Got: greetings all", ask(asys1, blue2, "greetings all"));
        assertNoSystemForTheNext(asys1, blue2, Route.through("hey, red", RedActor.class));
        assertEquals("hey, blue", ask(asys1, green2, Route.through("hey, blue", BlueActor.class)));
        assertEquals("hey, green", ask(asys1, blue2, Route.through("hey, green", GreenActor.class)));

        update(trio.get(1), "Green", null);
        assertEquals("ok", ask(asys1, blue2, new SetCap("Blue", null)));
        awaitCapabilitySeen(trio.get(2), "Blue", null, trio);
        for (Class<? extends Actor> color : List.of(RedActor.class, BlueActor.class, GreenActor.class)) {
            assertThrows(NoCompatibleSystemForActor.class, () -> asys1.createActor(color));
        }
    }

    /**
     * Ports {@code test07_removingNonExistentCapabilitiesHasNoEffect},
     * {@code test08_settingCapabilityToSameValueHasNoEffect} and
     * {@code test10_removingColorCapabilitiesOnOtherActorSystemsDoesNotAffectExistingColorActors}: removing what
     * a system does not have, setting what it has, or removing a color where its actors do not run changes nothing.
     */
    @Test
    void changesThatChangeNothingLeaveTheActorsAlone() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        Route longPath = Route.through("long path", RedActor.class, GreenActor.class, RedActor.class,
                BlueActor.class, GreenActor.class);
        assertEquals("long path", ask(asys1, blue, longPath));
        assertEquals("bluered", ask(asys1, blue, Route.through("bluered", RedActor.class)));
        assertEquals("greenblue", ask(asys1, green, Route.through("greenblue", BlueActor.class)));

        update(asys1, "Frog", null);
        assertEquals("ok", ask(asys1, blue, new SetCap("Bark", null)));
        update(asys1, "Red", true);
        update(trio.get(1), "Green", true);
        assertEquals("ok", ask(asys1, blue, new SetCap("Blue", true)));
        update(trio.get(2), "Red", null);
        update(asys1, "Green", null);
        update(trio.get(1), "Blue", null);

        assertGotHello(asys1, red, green, blue);
        assertEquals("hey, red", ask(asys1, blue, Route.through("hey, red", RedActor.class)));
        assertEquals("howdy howdy", ask(asys1, green, Route.through("howdy howdy", BlueActor.class)));
        assertEquals("greetings all", ask(asys1, red, Route.through("greetings all", GreenActor.class)));
        assertEquals("long path", ask(asys1, blue, longPath));
    }

    /**
     * Ports {@code test09_removingCapabilityTwiceHasNoEffectTheSecondTime}: once Green and Blue are gone, an actor
     * cannot create their actors, whether they were removed once or twice; Red, still there, can.
     */
    @Test
    void removingAColorTwiceIsTheSameAsOnce() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress green = asys1.createActor(GreenActor.class.getName(), CreateOptions.none());
        ActorAddress blue = asys1.createActor(BlueActor.class);
        assertGotHello(asys1, red, green, blue);
        assertEquals("hey, red", ask(asys1, blue, Route.through("hey, red", RedActor.class)));
        assertEquals("howdy howdy", ask(asys1, green, Route.through("howdy howdy", BlueActor.class)));
        for (int time = 0; time < 2; time++) {
            update(trio.get(1), "Green", null);
            update(trio.get(2), "Blue", null);
            assertNoSystemForTheNext(asys1, red, Route.through("hello", BlueActor.class));
            assertNoSystemForTheNext(asys1, red, Route.through("greetings", GreenActor.class));
            assertEquals("go time", ask(asys1, red, Route.through("go time", RedActor.class)));
        }
    }

    /**
     * Ports {@code test11_1_capabilityRemovalOnlyAffectsOneSystem}: a child on another system outlives the removal of
     * its color here, and exits when its own system loses it.
     */
    @Test
    void aColorRemovedHereDoesNotEndItsActorsElsewhere() {
        List<ActorSystem> trio = trio();
        ActorSystem asys1 = trio.get(0);
        ActorSystem asys2 = trio.get(1);
        for (String color : List.of("Green", "Red", "Blue")) {
            update(asys2, color, true);
        }
        ActorAddress parent = asys1.createActor(OrangeActor.class);
        assertEquals("red", ask(asys1, parent, Route.through("red", RedActor.class)));
        assertEquals(1, asys1.status().actorCount());
        assertEquals(1, asys2.status().actorCount());
        update(asys1, "Red", true);
        update(asys1, "Red", null);
        assertEquals(1, asys2.status().actorCount());
        assertEquals(Set.of(RedActor.class.getName()), ask(asys1, parent, "subs?"));
        update(asys2, "Red", null);
        eventually(() -> asys2.status().actorCount() == 0);
        eventually(() -> Set.of().equals(ask(asys1, parent, "subs?")));
    }

    /**
     * Ports {@code test12_updateCapabilitiesAffectsActorDrivenCreateRequests}: a chain that needs Green fails while no
     * system has it, runs once an actor adds it, and fails again once that actor removes it.
     */
    @Test
    void capabilitiesAnActorChangesDecideWhatActorsCanCreate() {
        List<ActorSystem> trio = trio();
        ActorSystem asys1 = trio.get(0);
        update(asys1, "Red", true);
        update(trio.get(2), "Blue", true);
        ActorAddress red = asys1.createActor(RedActor.class);
        ActorAddress blue = asys1.createActor(BlueActor.class);
        assertThrows(NoCompatibleSystemForActor.class, () -> asys1.createActor(GreenActor.class));
        Route longPath = Route.through("long path", RedActor.class, GreenActor.class, RedActor.class,
                OrangeActor.class, BlueActor.class, GreenActor.class);
        assertNull(asys1.ask(blue, longPath, NO_REPLY));

        assertEquals("ok", ask(asys1, red, new SetCap("Green", true)));
        awaitCapabilitySeen(asys1, "Green", true, trio);
        assertEquals("long path", ask(asys1, blue, longPath));

        assertEquals("ok", ask(asys1, red, new SetCap("Green", null)));
        awaitCapabilitySeen(asys1, "Green", null, trio);
        assertNull(asys1.ask(blue, Route.through("long path", RedActor.class, GreenActor.class, RedActor.class,
                BlueActor.class, GreenActor.class), NO_REPLY));
    }

    /**
     * Ports the asks of {@code test05_removingColorCapabilitiesKillsExistingColorActors} that outside code sends to
     * color actors of other systems once they exited. Departs from Thespian: the ask throws
     * {@link ActorGoneException} at once (DESIGN §2) instead of returning {@code None} after its timeout.
     */
    @Test
    void askingAnActorThatExitedOnAnotherMemberFailsAtOnce() {
        List<ActorSystem> trio = trioWithOneColorEach();
        ActorSystem asys1 = trio.get(0);
        ActorAddress green = asys1.createActor(GreenActor.class);
        assertGotHello(asys1, green);
        update(trio.get(1), "Green", null);
        assertExits(trio.get(1), green);
        assertThrows(ActorGoneException.class, () -> asys1.ask(green, "2", WAIT));
    }
}
