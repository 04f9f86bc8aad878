package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.source.SourcePolicy;
import io.thespis.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Actor, inbox and ask ids are drawn at random, never 0, never one still in use; proposed ids are checked. */
class ActorIdsTest {
    /** Does nothing. */
    public static final class Idle extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Gives the values it was given, in order; {@code nextLong(bound)} reduces them modulo the bound. */
    private static final class Scripted implements RandomGenerator {
        private final Queue<Long> values;

        Scripted(Long... values) {
            this.values = new ArrayDeque<>(List.of(values));
        }

        @Override
        public long nextLong() {
            Long value = values.poll();
            if (value == null) {
                throw new IllegalStateException("the script ran out of values");
            }
            return value;
        }

        @Override
        public long nextLong(long bound) {
            return Math.floorMod(nextLong(), bound);
        }
    }

    private static Engine engine(RandomGenerator random) {
        return new Engine("test-system", new SequentialDispatcher(new FakeTime()), Map.of(), Network.NONE,
                SourcePolicy.of(SourceSettings.DEFAULTS), random);
    }

    private static ActorAddress create(Engine engine) {
        return engine.createActor(() -> ActorClass.of(Idle.class), CreateOptions.none(), null);
    }

    @Test
    void actorIdsAreRandomPositiveAndDistinct() {
        try (LocalActorSystem system = LocalActorSystem.concurrent(Map.of(), 1, SourceSettings.DEFAULTS)) {
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                ids.add(system.createActor(Idle.class).actorId());
            }
            assertEquals(1000, ids.size());
            assertTrue(ids.stream().allMatch(id -> id > 0), ids.toString());
            // Sequential ids would all be below 1001; of 1000 random 63-bit ids, hardly any is below 2^53.
            assertTrue(ids.stream().filter(id -> id < 1L << 53).count() < 5, ids.toString());
        }
    }

    @Test
    void inboxAndAskNumbersAreRandom() {
        try (LocalActorSystem system = LocalActorSystem.concurrent(Map.of(), 1, SourceSettings.DEFAULTS)) {
            Set<Long> inboxNumbers = new HashSet<>();
            Set<Long> askNumbers = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                ActorAddress inbox = system.openInbox((message, sender) -> { });
                ActorAddress ask = system.openAsk(inbox, inbox, (message, sender) -> { });
                assertTrue(OutsideIds.isInbox(inbox.actorId()) && OutsideIds.isAsk(ask.actorId()));
                assertEquals(inbox.actorId(), OutsideIds.inboxOf(ask.actorId()));
                inboxNumbers.add(-inbox.actorId() >>> 32);
                askNumbers.add(inbox.actorId() - ask.actorId());
            }
            assertEquals(100, inboxNumbers.size());
            assertTrue(inboxNumbers.stream().filter(number -> number < 1 << 20).count() < 5, inboxNumbers.toString());
            assertTrue(askNumbers.stream().filter(number -> number < 1 << 20).count() < 5, askNumbers.toString());
        }
    }

    @Test
    void anActorIdIsNeverZeroNorOneInUse() {
        // The system's own inbox draws first; then 0 and a taken id are skipped.
        Engine engine = engine(new Scripted(5L, 2_000L, 0L, 2_000L, 4_000L));
        assertEquals(1_000, create(engine).actorId());
        assertEquals(2_000, create(engine).actorId());
    }

    @Test
    void anInboxOrAskNumberInUseIsDrawnAgain() {
        Engine engine = engine(new Scripted(5L, 5L, 7L, 9L, 9L, 11L));
        ActorAddress inbox = engine.openInbox((message, sender) -> { });
        assertEquals(OutsideIds.inbox(8), inbox.actorId());
        assertEquals(OutsideIds.ask(inbox.actorId(), 9), engine.openAsk(inbox, inbox, (m, s) -> { }).actorId());
        assertEquals(OutsideIds.ask(inbox.actorId(), 11), engine.openAsk(inbox, inbox, (m, s) -> { }).actorId());
    }

    @Test
    void aProposedIdInUseIsRefused() {
        Engine engine = engine(new Scripted(5L, 2_000L));
        ActorAddress local = create(engine);
        ActorSystemException taken = assertThrows(ActorSystemException.class, () -> engine.createForRemote(
                () -> ActorClass.of(Idle.class), CreateOptions.none(), null, local.actorId()));
        assertTrue(taken.getMessage().contains("actor id 1000 is already taken"), taken.getMessage());
        assertEquals(77, engine.createForRemote(() -> ActorClass.of(Idle.class), CreateOptions.none(), null, 77)
                .actorId());
    }
}
