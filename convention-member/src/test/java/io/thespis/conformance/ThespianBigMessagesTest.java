package io.thespis.conformance;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports {@code thespian/test/test_bigmessages.py}: answers from "hello" once up to "hello" ten million times (50 MB),
 * within a system under every base, and between two NETWORK members.
 *
 * <p>Departs from Thespian: a message that crosses hosts is limited to 4 MiB
 * ({@code MessageCodec.MAX_MESSAGE_BYTES}), so the whale on the other member cannot send "hello" a million times or
 * more: its send fails, and the asker gets the request back as a {@link PoisonMessage} naming the limit. Thespian
 * sends every size.
 */
class ThespianBigMessagesTest extends ConformanceTest {
    /** How many times "hello" is repeated, from {@code testSimpleActorAskOneHello} to {@code testSimpleActorAsk50M}. */
    private static final List<Integer> TIMES = List.of(1, 5, 10 * 1024, 100 * 1024, 1024 * 1024, 2 * 1024 * 1024,
            4 * 1024 * 1024, 5 * 1024 * 1024, 10 * 1024 * 1024);
    private static final int LIMIT = 4 * 1024 * 1024;

    /** Asks for {@code text} repeated {@code times} times. */
    record Spout(int times, String text) {
    }

    /** Answers with the text repeated. */
    static class Whale extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Spout spout) {
                send(sender, spout.text().repeat(spout.times()));
            }
        }
    }

    /** Answers with the text once. */
    static class Shrimp extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Spout spout) {
                send(sender, spout.text());
            }
        }
    }

    /** A whale that lives in the ocean: on the other member. */
    @RequireCapability("ocean")
    static class OceanWhale extends Whale {
    }

    static Stream<Arguments> basesAndSizes() {
        return Arrays.stream(SystemBase.values())
                .flatMap(base -> TIMES.stream().map(times -> Arguments.of(base, times)));
    }

    /**
     * Ports {@code testCreateActorSystem}, {@code testSimpleActor} and {@code testSimpleActorAskOneHello} to
     * {@code testSimpleActorAsk50M}: the shrimp answers "hello", the whale "hello" as many times as asked.
     */
    @ParameterizedTest(name = "{0} hello x {1}")
    @MethodSource("basesAndSizes")
    void aWhaleAnswersWithAsManyHellosAsAsked(SystemBase base, int times) {
        ActorSystem system = system(base);
        ActorAddress whale = system.createActor(Whale.class);
        ActorAddress shrimp = system.createActor(Shrimp.class);
        Spout request = new Spout(times, "hello");
        assertEquals("hello", system.ask(shrimp, request, WAIT));
        assertEquals("hello".repeat(times), system.ask(whale, request, WAIT));
    }

    /**
     * Ports the same tests across hosts: the whale's answers come from the other member up to the limit, and beyond
     * it come back as poison (see the class comment).
     */
    @ParameterizedTest(name = "hello x {0}")
    @ValueSource(ints = {1, 5, 10 * 1024, 100 * 1024, 1024 * 1024, 10 * 1024 * 1024})
    void aWhaleOnAnotherMemberAnswersUpToTheLimit(int times) {
        List<ActorSystem> systems = convention(Map.of(), Map.of("ocean", true));
        ActorAddress whale = systems.get(0).createActor(OceanWhale.class);
        assertOn(systems.get(1), whale);
        Spout request = new Spout(times, "hello");
        Object answer = systems.get(0).ask(whale, request, WAIT);
        if ("hello".length() * times <= LIMIT) {
            assertEquals("hello".repeat(times), answer);
        } else {
            PoisonMessage refused = assertInstanceOf(PoisonMessage.class, answer);
            assertEquals(request, refused.poisonMessage());
            assertTrue(refused.details().contains("limited to " + LIMIT + " bytes"), refused.details());
        }
    }
}
