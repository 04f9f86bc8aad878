package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.SystemBase;
import io.thespis.conformance.sub1.Overheard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_createActor.py}: actors created by class and by name, from outside code and by
 * other actors, from packages below the creator's, and a hundred at a time ({@code TestFuncCreateActor_LoadTorture}).
 */
class ThespianCreateActorTest extends ConformanceTest {
    private static final int TORTURE = 100;

    /** Has a {@link BarActor} tell {@code replyTo} that it saw {@code what}. */
    record Saw(ActorAddress replyTo, Object what) {
    }

    /** Asks the barn for a new bar that will tell about {@code saw}. */
    record GetACow(Saw saw) {
    }

    /** Has a {@link CowActor} pass {@code message} on to {@code to}. */
    record Deliver(ActorAddress to, Object message) {
    }

    static class BarActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "SAW: " + text);
            } else if (message instanceof Saw saw) {
                send(saw.replyTo(), "Saw: " + saw.what());
            }
        }
    }

    /**
     * Moos at text; for a number, creates a {@link BarActor} by name that answers and exits; for a list, has its barn
     * create a bar per element.
     */
    static class CowActor extends Actor {
        private ActorAddress barn;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "MOO: " + text);
            } else if (message instanceof Integer number) {
                ActorAddress bar = createActor(BarActor.class.getName(), CreateOptions.none());
                send(bar, new Saw(sender, number));
                send(bar, new ActorExitRequest());
            } else if (message instanceof List<?> list) {
                if (barn == null) {
                    barn = createActor(BarnActor.class);
                }
                for (Object each : list) {
                    send(barn, new GetACow(new Saw(sender, each)));
                }
            } else if (message instanceof Deliver deliver) {
                send(deliver.to(), deliver.message());
            }
        }
    }

    static class BarnActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof GetACow get) {
                send(sender, new Deliver(createActor(BarActor.class), get.saw()));
            }
        }
    }

    private static Set<Object> sawEach(int count) {
        return IntStream.range(0, count).mapToObj(i -> "Saw: " + i).collect(Collectors.toSet());
    }

    private static Set<Object> listen(ActorSystem system, int count) {
        Set<Object> heard = new HashSet<>();
        for (int i = 0; i < count; i++) {
            heard.add(system.listen(WAIT));
        }
        return heard;
    }

    /**
     * Ports {@code test01_verifyFooActorNotAvailableByName} and {@code test03_simpleBarActorStringNotSupported}: a
     * class that does not exist, or a name that is not fully qualified, is refused. Departs from Thespian: the refusal
     * is {@link InvalidActorSpecification} naming the class (Python raises {@code ImportError} for the first).
     */
    @EveryBase
    void anUnknownOrUnqualifiedNameIsRefused(SystemBase base) {
        ActorSystem system = system(base);
        for (String name : List.of("foo.FooActor", "BarActor")) {
            InvalidActorSpecification refused = assertThrows(InvalidActorSpecification.class,
                    () -> system.createActor(name, CreateOptions.none()));
            assertTrue(refused.getMessage().contains(name), refused.getMessage());
        }
    }

    /** Ports {@code test02_verifyBarActorAvailableByReference}. */
    @EveryBase
    void anActorCreatedByItsClassAnswers(SystemBase base) {
        ActorSystem system = system(base);
        assertEquals("SAW: hello", system.ask(system.createActor(BarActor.class), "hello", WAIT));
    }

    /**
     * Ports {@code test03_verifyActorAvailableToOtherActorsInSameScopeByShortName}: an actor creates another by name
     * (Java has no short names in scope: the binary name), which answers the original asker and exits.
     */
    @EveryBase
    void anActorCreatesAnotherByNameThatAnswersTheAsker(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress cow = system.createActor(CowActor.class);
        assertEquals("MOO: you", system.ask(cow, "you", WAIT));
        assertEquals("Saw: 99", system.ask(cow, 99, WAIT));
    }

    /** Ports {@code test03_verifyBarActorAvailableByFullyQualifiedName}. */
    @EveryBase
    void anActorCreatedByItsFullyQualifiedNameAnswers(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress bar = system.createActor(BarActor.class.getName(), CreateOptions.none());
        assertEquals("SAW: greetings", system.ask(bar, "greetings", WAIT));
    }

    /**
     * Ports {@code test04_verifyLowerFloorActorAvailableByName} and {@code test05_verifyActorCanCreateSubActorByName}:
     * classes of other packages by name, one of which creates the other by name.
     */
    @EveryBase
    void actorsOfOtherPackagesByNameCreatingEachOtherByName(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress low = system.createActor("io.thespis.conformance.sub1.sub2.LowerFloor", CreateOptions.none());
        assertEquals("Heard: pin drop", system.ask(low, "pin drop", WAIT));
        ActorAddress upper = system.createActor("io.thespis.conformance.sub1.UpperFloor", CreateOptions.none());
        assertEquals("Viewed: picture show", system.ask(upper, "picture show", WAIT));
        assertEquals("And Heard: soundtrack", system.ask(upper, new Overheard("soundtrack", null), WAIT));
    }

    /**
     * Ports {@code test06_created_by_other_actor} and {@code test11_created_lots_by_other_actor}: an actor's child
     * creates a hundred actors, each of which answers outside code.
     */
    @EveryBase
    void actorsCreatedByAnotherActorsChildAnswerOutsideCode(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress cow = system.createActor(CowActor.class);
        system.tell(cow, IntStream.range(0, 4).boxed().toList());
        assertEquals(sawEach(4), listen(system, 4));
        system.tell(cow, IntStream.range(0, TORTURE).boxed().toList());
        assertEquals(sawEach(TORTURE), listen(system, TORTURE));
    }

    /** Ports {@code test10_verify_multiple_sub_actor_creates}: a hundred children created by name, each answering. */
    @EveryBase
    void aHundredChildrenCreatedByNameEachAnswerAndExit(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress cow = system.createActor(CowActor.class);
        for (int i = 0; i < TORTURE; i++) {
            system.tell(cow, i);
        }
        assertEquals(sawEach(TORTURE), listen(system, TORTURE));
        eventually(() -> system.status().actorCount() == 1);
    }
}
