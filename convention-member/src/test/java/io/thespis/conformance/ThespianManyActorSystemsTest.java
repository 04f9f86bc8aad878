package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_manyActorSystems.py}: five NETWORK members in this JVM (the leader with the
 * capabilities of Thespian's {@code asys} fixture and "Jedi Council", then Dagobah's Swamp, Hoth's Snow, Endor's Trees
 * and Naboo's Ocean), actors placed by check methods and by their creators' requirements, a conversation through
 * all of them, members that shut down; and the notifications of systems joining and leaving
 * ({@code notifyOnSystemRegistrationChanges}).
 *
 * <p>Departs from Thespian:
 * <ul>
 *   <li>asking an actor whose system shut down throws {@link ActorGoneException} (Thespian's test accepts
 *   {@code None} or {@code ActorSystemFailure});</li>
 *   <li>an actor whose {@code createActor} finds no qualifying system gets {@link NoCompatibleSystemForActor} at once
 *   (Thespian returns an address and later sends {@code ChildActorExited}): Yoda counts the failed training when he
 *   catches it;</li>
 *   <li>an {@link ActorSystemConventionUpdate} names the other system by its admin address, a string
 *   ({@code host:port}); Thespian's {@code remoteAdminAddress} is an {@code ActorAddress}.</li>
 * </ul>
 */
class ThespianManyActorSystemsTest extends ConformanceTest {
    private static final Map<String, Object> JEDI_COUNCIL = Map.of("Foo Allowed", true, "Cows Allowed", true,
            "Dogs Allowed", true, "dog", "food", "Jedi Council", true);

    /** A line passed around {@code addressList} and back to who started it, collecting each speaker's words. */
    record Conversation(String seed, List<ActorAddress> addressList, boolean roundTrip, List<String> results) {
        static Conversation about(String seed, ActorAddress... addresses) {
            return new Conversation(seed, List.of(addresses), false, List.of());
        }
    }

    /** Asks for the receiver's address. */
    record WhoAreYou() {
    }

    /** Has the receiver answer {@code requester} about {@code requestMessage}. */
    record Tell(ActorAddress requester, String requestMessage) {
    }

    /** How many trainings Yoda started, and how many failed. */
    record Training(int trained, int failed) {
    }

    /** Answers text and {@link WhoAreYou}, and takes part in {@link Conversation}s, each in its own words. */
    abstract static class Speaker extends Actor {
        abstract String say(String line);

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Conversation conversation) {
                List<ActorAddress> addresses = new ArrayList<>(conversation.addressList());
                if (!conversation.roundTrip()) {
                    addresses.add(0, sender);
                }
                ActorAddress next = addresses.remove(addresses.size() - 1);
                List<String> results = new ArrayList<>(conversation.results());
                results.add(say(conversation.seed()));
                send(next, new Conversation(conversation.seed(), addresses, true, results));
            } else if (message instanceof WhoAreYou) {
                send(sender, myAddress());
            } else if (message instanceof String text) {
                send(sender, say(text));
            }
        }
    }

    /** Lives in the Swamp; trains padawans (who never start) and Obi Wan (who needs Trees). */
    static class Yoda extends Speaker {
        private int trained;
        private int failed;

        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Swamp");
        }

        @Override
        String say(String line) {
            return "Use the Force, you must, to " + line;
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Padawan".equals(message) || "Obi Wan".equals(message)) {
                try {
                    createActor("Padawan".equals(message) ? Luke.class : ObiWan.class);
                } catch (NoCompatibleSystemForActor refused) {
                    failed++;
                }
                trained++;
            } else if ("Training Completed?".equals(message)) {
                send(sender, new Training(trained, failed));
            } else if (message instanceof ChildActorExited) {
                failed++;
            } else {
                super.receiveMessage(message, sender);
            }
        }
    }

    /** Has no patience: no system will do. */
    static class Luke extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return false;
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            throw new IllegalStateException("Should never be called!");
        }
    }

    static class ObiWan extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Trees");
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    static class Tauntaun extends Speaker {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Snow");
        }

        @Override
        String say(String line) {
            return "waagh! " + line;
        }
    }

    /** Lives in the Trees; greets JarJar and guests it creates with requirements. */
    static class Ewok extends Speaker {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Trees");
        }

        @Override
        String say(String line) {
            return "We cook " + line + " for dinner";
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Greet JarJar".equals(message)) {
                send(createActor(JarJar.class, requiring(Map.of("WantsToSee", "Trees"))), new Tell(sender, "Trees"));
            } else if ("Freeze JarJar".equals(message)) {
                send(createActor(JarJar.class, requiring(Map.of("WantsToSee", "Snow", "Has", "A fur coat?"))),
                        new Tell(sender, "Snow"));
            } else if ("Greet Guest".equals(message)) {
                send(createActor(Guest.class, requiring(Map.of("Invited to", "Trees"))), new Tell(sender, "Trees"));
            } else {
                super.receiveMessage(message, sender);
            }
        }
    }

    /** Lives in the Ocean, or wherever his creator wants him to see. */
    static class JarJar extends Speaker {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return has(capabilities, "Ocean") || has(capabilities, requirements.getOrDefault("WantsToSee", "None"));
        }

        @Override
        String say(String line) {
            return line + "?  How rude!";
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Tell tell) {
                send(tell.requester(), tell.requestMessage() + "?  Huh?");
            } else {
                super.receiveMessage(message, sender);
            }
        }
    }

    /** Must be invited: its check fails (throws, as Thespian's raises KeyError) without an "Invited to". */
    static class Guest extends Actor {
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            Object invitedTo = requirements.get("Invited to");
            if (invitedTo == null) {
                throw new IllegalArgumentException("a Guest must be invited");
            }
            return has(capabilities, invitedTo);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "Thank you for " + text);
            } else if (message instanceof Tell tell) {
                send(tell.requester(), "Thanks for the " + tell.requestMessage());
            }
        }
    }

    /** Records the Convention updates it gets once registered, and answers "notifications" with them. */
    static class Notified extends Actor {
        private final List<ActorSystemConventionUpdate> notifications = new ArrayList<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("register".equals(message)) {
                notifyOnSystemRegistrationChanges(true);
            } else if (message instanceof ActorSystemConventionUpdate update) {
                notifications.add(update);
            } else if ("notifications".equals(message)) {
                send(sender, List.copyOf(notifications));
            }
        }
    }

    private static CreateOptions requiring(Map<String, Object> requirements) {
        return CreateOptions.none().withRequirements(requirements);
    }

    /** The worlds of {@link #galaxy()}, in the order they join. */
    private record Galaxy(ActorSystem asys, ActorSystem dagobah, ActorSystem hoth, ActorSystem endor,
                          ActorSystem naboo) {
    }

    /** Thespian's {@code testsystems} fixture: the Jedi Council leading, and four worlds. */
    private Galaxy galaxy() {
        List<ActorSystem> worlds = convention(JEDI_COUNCIL, Map.of("Swamp", true), Map.of("Snow", true),
                Map.of("Trees", true), Map.of("Ocean", true));
        return new Galaxy(worlds.get(0), worlds.get(1), worlds.get(2), worlds.get(3), worlds.get(4));
    }

    /** Shuts {@code world} down and waits until the Jedi Council, where the scenarios create actors, lets it go. */
    private static void shutDown(Galaxy galaxy, ActorSystem world) {
        String address = world.status().adminAddress();
        world.shutdown();
        eventually(() -> galaxy.asys().status().members().stream().noneMatch(m -> m.adminAddress().equals(address)));
    }

    /**
     * Ports {@code test00_primeLogging}, {@code test01_checkAllSystemStart},
     * {@code test02_checkAllSystemAndActorsStart} and {@code test03_checkAllSystemsAndActorsStart}: each actor goes to
     * its world and answers from there.
     */
    @Test
    void eachActorGoesToItsWorld() {
        Galaxy galaxy = galaxy();
        ActorSystem asys = galaxy.asys();
        ActorAddress ewok = asys.createActor(Ewok.class);
        ActorAddress jarjar = asys.createActor(JarJar.class);
        ActorAddress tauntaun = asys.createActor(Tauntaun.class);
        ActorAddress yoda = asys.createActor(Yoda.class);
        assertOn(galaxy.endor(), ewok);
        assertOn(galaxy.naboo(), jarjar);
        assertOn(galaxy.hoth(), tauntaun);
        assertOn(galaxy.dagobah(), yoda);
        assertEquals("We cook hi for dinner", ask(asys, ewok, "hi"));
        assertEquals("Use the Force, you must, to hi", ask(asys, yoda, "hi"));
        assertEquals("hi?  How rude!", ask(asys, jarjar, "hi"));
        assertEquals("waagh! hi", ask(asys, tauntaun, "hi"));
    }

    /** Ports {@code test04_conversation}: a conversation through every world, some twice, and back. */
    @Test
    void aConversationGoesThroughEveryWorld() {
        Galaxy galaxy = galaxy();
        ActorSystem asys = galaxy.asys();
        ActorAddress ewok = asys.createActor(Ewok.class);
        ActorAddress jarjar = asys.createActor(JarJar.class);
        ActorAddress tauntaun = asys.createActor(Tauntaun.class);
        ActorAddress yoda = asys.createActor(Yoda.class);
        Conversation minutes = assertInstanceOf(Conversation.class,
                ask(asys, ewok, Conversation.about("hi", yoda, jarjar, tauntaun)));
        assertEquals(List.of("We cook hi for dinner", "waagh! hi", "hi?  How rude!", "Use the Force, you must, to hi"),
                minutes.results());
        Conversation minutes2 = assertInstanceOf(Conversation.class,
                ask(asys, yoda, Conversation.about("hi", yoda, jarjar, jarjar, ewok, tauntaun, ewok, tauntaun)));
        assertEquals(List.of("Use the Force, you must, to hi", "waagh! hi", "We cook hi for dinner", "waagh! hi",
                "We cook hi for dinner", "hi?  How rude!", "hi?  How rude!", "Use the Force, you must, to hi"),
                minutes2.results());
    }

    /** Ports {@code test05_uniqueAddresses}: each actor answers with its own address, unlike the others'. */
    @Test
    void everyWorldsActorHasItsOwnAddress() {
        Galaxy galaxy = galaxy();
        ActorSystem asys = galaxy.asys();
        Set<ActorAddress> answers = new HashSet<>();
        for (Class<? extends Actor> kind : List.of(Ewok.class, JarJar.class, Tauntaun.class, Yoda.class)) {
            ActorAddress actor = asys.createActor(kind);
            assertEquals(actor, ask(asys, actor, new WhoAreYou()));
            answers.add(actor);
        }
        assertEquals(4, answers.size());
    }

    /**
     * Ports {@code test06_primaryActorRequirements}: once JarJar's world is gone, the creator's requirements send the
     * next JarJar elsewhere, until no world meets them.
     */
    @Test
    void requirementsSendActorsToTheWorldsLeft() {
        Galaxy galaxy = galaxy();
        ActorSystem asys = galaxy.asys();
        ActorAddress jarjar = asys.createActor(JarJar.class);
        assertOn(galaxy.naboo(), jarjar);
        assertEquals("hi?  How rude!", ask(asys, jarjar, "hi"));
        shutDown(galaxy, galaxy.naboo());
        ActorAddress gone = jarjar;
        assertThrows(ActorGoneException.class, () -> ask(asys, gone, "hi again"));

        jarjar = asys.createActor(JarJar.class, requiring(Map.of("WantsToSee", "Trees", "TravellingWith", "ObiWan")));
        assertOn(galaxy.endor(), jarjar);
        assertEquals("hiya?  How rude!", ask(asys, jarjar, "hiya"));
        shutDown(galaxy, galaxy.endor());
        ActorAddress goneToo = jarjar;
        assertThrows(ActorGoneException.class, () -> ask(asys, goneToo, "hi ho"));

        assertThrows(NoCompatibleSystemForActor.class,
                () -> asys.createActor(JarJar.class, requiring(Map.of("WantsToSee", "Trees"))));
        jarjar = asys.createActor(JarJar.class, requiring(Map.of("WantsToSee", "Snow")));
        assertOn(galaxy.hoth(), jarjar);
        assertEquals("hi you?  How rude!", ask(asys, jarjar, "hi you"));
    }

    /**
     * Ports {@code test07_subActorRequirements}: with JarJar's world gone, an actor's requirements still place the
     * JarJars it creates, in its own world or in another.
     */
    @Test
    void anActorsRequirementsPlaceItsChildren() {
        Galaxy galaxy = galaxy();
        ActorSystem asys = galaxy.asys();
        shutDown(galaxy, galaxy.naboo());
        assertThrows(NoCompatibleSystemForActor.class, () -> asys.createActor(JarJar.class));
        ActorAddress ewok = asys.createActor(Ewok.class);
        assertEquals("We cook beans for dinner", ask(asys, ewok, "beans"));
        assertEquals("Trees?  Huh?", ask(asys, ewok, "Greet JarJar"));
        assertEquals(2, galaxy.endor().status().actorCount());
        assertEquals("Snow?  Huh?", ask(asys, ewok, "Freeze JarJar"));
        assertEquals(1, galaxy.hoth().status().actorCount());
    }

    /**
     * Ports {@code test08_requiredRequirementsNotPassedFails}: a check that fails without the requirement it needs
     * (here by throwing) refuses the actor everywhere, saying why.
     */
    @Test
    void anActorWithoutTheRequirementsItNeedsIsRefused() {
        NoCompatibleSystemForActor refused = assertThrows(NoCompatibleSystemForActor.class,
                () -> galaxy().asys().createActor(Guest.class));
        assertTrue(refused.getMessage().contains("0 of 5 systems qualify"), refused.getMessage());
        assertTrue(refused.getMessage().contains("a Guest must be invited"), refused.getMessage());
    }

    /** Ports {@code test09_requiredRequirementsPassedToTopLevelSucceeds}. */
    @Test
    void outsideCodesRequirementsPlaceTheGuest() {
        Galaxy galaxy = galaxy();
        ActorAddress guest = galaxy.asys().createActor(Guest.class, requiring(Map.of("Invited to", "Ocean")));
        assertOn(galaxy.naboo(), guest);
        assertEquals("Thank you for the seashell", ask(galaxy.asys(), guest, "the seashell"));
    }

    /** Ports {@code test10_requiredRequirementsPassedViaSubLevelSucceeds}. */
    @Test
    void anActorsRequirementsPlaceTheGuest() {
        Galaxy galaxy = galaxy();
        ActorAddress ewok = galaxy.asys().createActor(Ewok.class);
        assertEquals("We cook beans for dinner", ask(galaxy.asys(), ewok, "beans"));
        assertEquals("Thanks for the Trees", ask(galaxy.asys(), ewok, "Greet Guest"));
        assertEquals(2, galaxy.endor().status().actorCount());
    }

    @SuppressWarnings("unchecked")
    private static List<ActorSystemConventionUpdate> notifications(ActorSystem system, ActorAddress watcher) {
        return (List<ActorSystemConventionUpdate>) ask(system, watcher, "notifications");
    }

    /** Waits until {@code watcher} recorded {@code count} notifications, and returns them. */
    private static List<ActorSystemConventionUpdate> awaitNotifications(ActorSystem system, ActorAddress watcher,
                                                                        int count) {
        eventually(() -> notifications(system, watcher).size() >= count);
        List<ActorSystemConventionUpdate> notifications = notifications(system, watcher);
        assertEquals(count, notifications.size(), notifications.toString());
        return notifications;
    }

    /** The capabilities of each of {@code systems}, by admin address, as notifications name them. */
    private static Map<String, Map<String, Object>> capabilitiesOf(List<ActorSystem> systems) {
        return systems.stream().collect(Collectors.toMap(system -> system.status().adminAddress(),
                system -> system.status().capabilities()));
    }

    /** Checks that {@code notifications} say that each of {@code joined} is there, with its capabilities. */
    private static void assertJoined(List<ActorSystemConventionUpdate> notifications,
                                     Map<String, Map<String, Object>> joined) {
        Map<String, Map<String, Object>> reported = new HashMap<>();
        for (ActorSystemConventionUpdate update : notifications) {
            assertTrue(update.remoteAdded(), update.toString());
            reported.put(update.remoteAdminAddress(), update.remoteCapabilities());
        }
        assertEquals(joined, reported);
    }

    /** Shuts {@code world} down; checks that {@code watcher}'s next notification says it left. */
    private static void assertLeaves(ActorSystem asys, ActorAddress watcher, int before, ActorSystem world) {
        String address = world.status().adminAddress();
        world.shutdown();
        ActorSystemConventionUpdate left = awaitNotifications(asys, watcher, before + 1).get(before);
        assertFalse(left.remoteAdded(), left.toString());
        assertEquals(address, left.remoteAdminAddress());
    }

    /** The four worlds, joining {@code asys} one after the other. */
    private List<ActorSystem> worldsJoining(ActorSystem asys) {
        return List.of(join(asys, Map.of("Swamp", true)), join(asys, Map.of("Snow", true)),
                join(asys, Map.of("Trees", true)), join(asys, Map.of("Ocean", true)));
    }

    /**
     * Ports {@code TestFuncConventionWatcher.testNotifications}: a watcher registered before four systems join hears
     * of each as it joins, then of one leaving.
     */
    @Test
    void aWatcherHearsOfSystemsJoiningAndLeaving() {
        ActorSystem asys = system(SystemBase.NETWORK, JEDI_COUNCIL);
        ActorAddress watcher = asys.createActor(Notified.class);
        asys.tell(watcher, "register");
        assertEquals(List.of(), notifications(asys, watcher));
        List<ActorSystem> worlds = worldsJoining(asys);
        assertJoined(awaitNotifications(asys, watcher, 4), capabilitiesOf(worlds));
        assertLeaves(asys, watcher, 4, worlds.get(1));
    }

    /**
     * Ports {@code TestFuncConventionWatcher.testNotificationsUponRegistration}: a watcher registered after four
     * systems joined first hears of each of them, then of one leaving.
     */
    @Test
    void aWatcherFirstHearsOfTheSystemsAlreadyThere() {
        ActorSystem asys = system(SystemBase.NETWORK, JEDI_COUNCIL);
        ActorAddress watcher = asys.createActor(Notified.class);
        List<ActorSystem> worlds = worldsJoining(asys);
        asys.tell(watcher, "register");
        assertJoined(awaitNotifications(asys, watcher, 4), capabilitiesOf(worlds));
        assertLeaves(asys, watcher, 4, worlds.get(1));
    }

    /**
     * Ports {@code TestFuncConventionDeregistration.testNotifications}: Yoda, on Dagobah, trains Obi Wan, who goes to
     * Endor, and a padawan no system can host; when Endor leaves, the watcher hears of it and Yoda learns that Obi Wan
     * is gone.
     */
    @Test
    void whenASystemLeavesItsActorsParentsAreTold() {
        ActorSystem asys = system(SystemBase.NETWORK, JEDI_COUNCIL);
        ActorAddress watcher = asys.createActor(Notified.class);
        asys.tell(watcher, "register");
        ActorSystem dagobah = join(asys, Map.of("Swamp", true));
        ActorSystem endor = join(asys, Map.of("Trees", true));
        assertJoined(awaitNotifications(asys, watcher, 2), capabilitiesOf(List.of(dagobah, endor)));

        ActorAddress yoda = asys.createActor(Yoda.class);
        assertOn(dagobah, yoda);
        assertEquals("Use the Force, you must, to train", ask(asys, yoda, "train"));
        assertEquals(new Training(0, 0), ask(asys, yoda, "Training Completed?"));
        asys.tell(yoda, "Obi Wan");
        asys.tell(yoda, "Padawan");
        assertEquals(new Training(2, 1), ask(asys, yoda, "Training Completed?"));
        eventually(() -> endor.status().actorCount() == 1);

        assertLeaves(asys, watcher, 2, endor);
        eventually(() -> new Training(2, 2).equals(ask(asys, yoda, "Training Completed?")));
    }
}
