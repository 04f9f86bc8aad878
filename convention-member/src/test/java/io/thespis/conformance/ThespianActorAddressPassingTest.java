package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Ports {@code thespian/test/test_actorAddressPassing.py}: addresses travel inside messages, along a route of actors
 * and back to where the message started, and come back equal to the addresses their actors were created with.
 */
class ThespianActorAddressPassingTest extends ConformanceTest {

    /** One actor's note on a routed message. */
    record Hop(ActorAddress at, String note) {
    }

    /**
     * A message passed along {@code routes} (the actors still to visit, in order), collecting a {@link Hop} from each,
     * then sent back to its {@code originator} (who first sent it, once known).
     */
    record Routed(ActorAddress originator, List<ActorAddress> routes, List<Hop> response) {
        static Routed through(ActorAddress... routes) {
            return new Routed(null, List.of(routes), List.of());
        }
    }

    /** Thespian's {@code RoutingActor} mix-in: passes a {@link Routed} message along or back home. */
    abstract static class RoutingActor extends Actor {
        final void route(Routed routed, ActorAddress sender) {
            ActorAddress originator = routed.originator() == null ? sender : routed.originator();
            List<Hop> response = new ArrayList<>(routed.response());
            if (routed.routes().isEmpty()) {
                response.add(new Hop(myAddress(), "Ended chain"));
                send(originator, new Routed(originator, List.of(), response));
            } else {
                List<ActorAddress> left = routed.routes().subList(1, routed.routes().size());
                response.add(new Hop(myAddress(), "passed along with " + left.size() + " left"));
                send(routed.routes().get(0), new Routed(originator, List.copyOf(left), response));
            }
        }
    }

    static class Target extends RoutingActor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "TGT " + myAddress() + " got " + text);
            } else if (message instanceof Routed routed) {
                route(routed, sender);
            }
        }
    }

    /**
     * Creates {@link Target}s on "Generate", and hands text to the target it generated last (Thespian picks one at
     * random; every scenario generates one per generator), relaying the target's answer to whoever asked.
     */
    static class Generator extends RoutingActor {
        private final List<ActorAddress> generated = new ArrayList<>();
        private ActorAddress topSender;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("Generate".equals(message)) {
                generated.add(createActor(Target.class));
                send(sender, generated.get(generated.size() - 1));
            } else if (message instanceof String text) {
                if (generated.contains(sender)) {
                    if (topSender != null) {
                        send(topSender, text);
                    }
                } else if (!generated.isEmpty()) {
                    topSender = sender;
                    send(generated.get(generated.size() - 1), text);
                } else {
                    send(sender, "GEN " + myAddress() + " got " + text);
                }
            } else if (message instanceof Routed routed) {
                route(routed, sender);
            }
        }
    }

    /** A target on the member with the "left" capability. */
    @RequireCapability("left")
    static class LeftTarget extends Target {
    }

    /** A target on the member with the "right" capability. */
    @RequireCapability("right")
    static class RightTarget extends Target {
    }

    private static List<Hop> route(ActorSystem system, ActorAddress first, ActorAddress... routes) {
        return assertInstanceOf(Routed.class, system.ask(first, Routed.through(routes), WAIT)).response();
    }

    private static Hop passed(ActorAddress at, int left) {
        return new Hop(at, "passed along with " + left + " left");
    }

    private static Hop ended(ActorAddress at) {
        return new Hop(at, "Ended chain");
    }

    /** Ports {@code test101_TargetActorsDirect}: each target names itself in its answers. */
    @EveryBase
    void targetsAnswerNamingThemselves(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress tgt1 = system.createActor(Target.class);
        ActorAddress tgt2 = system.createActor(Target.class);
        assertNotEquals(tgt1, tgt2);
        assertEquals("TGT " + tgt1 + " got hello", system.ask(tgt1, "hello", WAIT));
        assertEquals("TGT " + tgt2 + " got hello", system.ask(tgt2, "hello", WAIT));
        assertEquals("TGT " + tgt1 + " got bye", system.ask(tgt1, "bye", WAIT));
        assertEquals("TGT " + tgt2 + " got c'ya", system.ask(tgt2, "c'ya", WAIT));
    }

    /**
     * Ports {@code test102_TargetActorsRouting} and {@code test103_TargetActorsRoutingAgain}: a routed message goes
     * along and back home, again and again, either way.
     */
    @EveryBase
    void aRoutedMessageGoesAlongAndBackHome(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress tgt1 = system.createActor(Target.class);
        ActorAddress tgt2 = system.createActor(Target.class);
        assertEquals(List.of(passed(tgt1, 0), ended(tgt2)), route(system, tgt1, tgt2));
        assertEquals(List.of(passed(tgt2, 0), ended(tgt1)), route(system, tgt2, tgt1));
        assertEquals(List.of(passed(tgt1, 0), ended(tgt2)), route(system, tgt1, tgt2));
    }

    /**
     * Ports {@code test104_TargetActorsRoutingBounceback} and {@code test105_TargetActorsRoutingToSelf}: a route may
     * come back to an actor it visited, and stay with one actor.
     */
    @EveryBase
    void aRouteMayRevisitAnActorAndStayWithOne(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress tgt1 = system.createActor(Target.class);
        ActorAddress tgt2 = system.createActor(Target.class);
        assertEquals(List.of(passed(tgt1, 3), passed(tgt2, 2), passed(tgt1, 1), passed(tgt2, 0), ended(tgt1)),
                route(system, tgt1, tgt2, tgt1, tgt2, tgt1));
        assertEquals(List.of(passed(tgt1, 3), passed(tgt2, 2), passed(tgt2, 1), passed(tgt2, 0), ended(tgt1)),
                route(system, tgt1, tgt2, tgt2, tgt2, tgt1));
    }

    /** Ports {@code test201_GeneratorActors}. */
    @EveryBase
    void generatorsWithoutTargetsAnswerThemselves(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress gen1 = system.createActor(Generator.class);
        ActorAddress gen2 = system.createActor(Generator.class);
        assertNotEquals(gen1, gen2);
        assertEquals("GEN " + gen1 + " got hello", system.ask(gen1, "hello", WAIT));
        assertEquals("GEN " + gen2 + " got hello", system.ask(gen2, "hello", WAIT));
        assertEquals("GEN " + gen1 + " got bye", system.ask(gen1, "bye", WAIT));
        assertEquals("GEN " + gen2 + " got c'ya", system.ask(gen2, "c'ya", WAIT));
    }

    /** Ports {@code test202_GeneratorActorsRoutingToSelf}. */
    @EveryBase
    void generatorsRouteToo(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress gen1 = system.createActor(Generator.class);
        ActorAddress gen2 = system.createActor(Generator.class);
        assertEquals(List.of(passed(gen1, 3), passed(gen2, 2), passed(gen2, 1), passed(gen2, 0), ended(gen1)),
                route(system, gen1, gen2, gen2, gen2, gen1));
    }

    /**
     * Ports {@code test203_GeneratorCreateTargets} and {@code test204_GeneratorCreateTargets}: a generated target's
     * address comes back to outside code, which asks it directly, and through its generator.
     */
    @EveryBase
    void generatedTargetsAnswerDirectlyAndThroughTheirGenerator(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress gen1 = system.createActor(Generator.class);
        ActorAddress gen2 = system.createActor(Generator.class);
        ActorAddress tgt1 = assertInstanceOf(ActorAddress.class, system.ask(gen1, "Generate", WAIT));
        ActorAddress tgt2 = assertInstanceOf(ActorAddress.class, system.ask(gen2, "Generate", WAIT));
        assertEquals(4, Set.of(gen1, gen2, tgt1, tgt2).size());
        assertEquals("TGT " + tgt1 + " got hello", system.ask(tgt1, "hello", WAIT));
        assertEquals("TGT " + tgt1 + " got hello", system.ask(gen1, "hello", WAIT));
        assertEquals("TGT " + tgt2 + " got howdy", system.ask(tgt2, "howdy", WAIT));
        assertEquals("TGT " + tgt2 + " got howdy", system.ask(gen2, "howdy", WAIT));
    }

    /** Ports {@code test205_GeneratorCreateTargets}: a route through generators and the targets they made. */
    @EveryBase
    void aRouteThroughGeneratorsAndTheirTargets(SystemBase base) {
        ActorSystem system = system(base);
        ActorAddress gen1 = system.createActor(Generator.class);
        ActorAddress gen2 = system.createActor(Generator.class);
        ActorAddress tgt1 = assertInstanceOf(ActorAddress.class, system.ask(gen1, "Generate", WAIT));
        ActorAddress tgt2 = assertInstanceOf(ActorAddress.class, system.ask(gen2, "Generate", WAIT));
        assertEquals(List.of(passed(tgt1, 5), passed(gen1, 4), passed(tgt2, 3), passed(gen2, 2), passed(tgt2, 1),
                        passed(tgt1, 0), ended(gen1)),
                route(system, tgt1, gen1, tgt2, gen2, tgt2, tgt1, gen1));
    }

    /**
     * Ports {@code test104_TargetActorsRoutingBounceback} with its targets on two NETWORK members (Thespian's
     * multi-process bases give every actor a process of its own, so its messages always cross one): the routed
     * message and the addresses inside it cross back and forth, and come back equal to those of the actors.
     * Departs from Thespian: the lists inside it arrive as {@link ArrayList}s, whatever {@link List} was sent (as
     * Python's lists and tuples arrive as sent).
     */
    @Test
    void aRoutedMessageBouncesBetweenTwoMembers() {
        List<ActorSystem> systems = convention(Map.of("left", true), Map.of("right", true));
        ActorSystem asys = systems.get(0);
        ActorAddress tgt1 = asys.createActor(LeftTarget.class);
        ActorAddress tgt2 = asys.createActor(RightTarget.class);
        assertOn(systems.get(1), tgt2);
        assertEquals("TGT " + tgt2 + " got hello", asys.ask(tgt2, "hello", WAIT));
        Routed routed = assertInstanceOf(Routed.class, asys.ask(tgt1, Routed.through(tgt2, tgt1, tgt2, tgt1), WAIT));
        assertEquals(List.of(passed(tgt1, 3), passed(tgt2, 2), passed(tgt1, 1), passed(tgt2, 0), ended(tgt1)),
                routed.response());
        assertInstanceOf(ArrayList.class, routed.response());
    }
}
