package io.thespis.internal.placement;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.PreferCapability;
import io.thespis.actor.RequireCapability;
import io.thespis.internal.rules.ActorRequirements;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementEngineTest {
    private final PlacementEngine engine = new PlacementEngine(PlacementPolicy.LEAST_LOADED);

    abstract static class Quiet extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    static class Anywhere extends Quiet {
    }

    @RequireCapability("Has DB access")
    static class DbUpdater extends Quiet {
    }

    @RequireCapability("Has DB access")
    @RequireCapability(value = "zone", equalTo = "eu-west")
    static class EuDbUpdater extends Quiet {
    }

    @PreferCapability(value = "ssd", weight = 10)
    static class Indexer extends Quiet {
    }

    @RequireCapability("rare")
    static class CountedCheck extends Quiet {
        static final AtomicInteger CALLS = new AtomicInteger();

        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            CALLS.incrementAndGet();
            return capabilities.get("gpus") instanceof Integer gpus && gpus >= (int) requirements.getOrDefault("gpus", 0);
        }
    }

    private static Candidate system(String address, int actors, Object... capabilities) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < capabilities.length; i += 2) {
            map.put((String) capabilities[i], capabilities[i + 1]);
        }
        return new Candidate(address, map, 1, actors, 0);
    }

    private Optional<String> choose(Directory directory, Class<?> type, String local, long turn) {
        return engine.choose(directory, PlacementRequest.of(type, Map.of(), local, turn)).map(Candidate::address);
    }

    @Test
    void theLocalSystemComesFirstWhenItQualifies() {
        Directory directory = new Directory();
        directory.upsert(system("a:1900", 50, "Has DB access", true));
        directory.upsert(system("b:1900", 0, "Has DB access", true));
        directory.upsert(system("c:1900", 0));
        assertEquals(Optional.of("a:1900"), choose(directory, DbUpdater.class, "a:1900", 0));
        assertEquals(Optional.of("b:1900"), choose(directory, DbUpdater.class, "c:1900", 0));
    }

    @Test
    void theLeastLoadedQualifyingSystemWins() {
        Directory directory = new Directory();
        directory.upsert(system("a:1900", 7, "Has DB access", true));
        directory.upsert(system("b:1900", 3, "Has DB access", true));
        directory.upsert(system("c:1900", 0, "Has DB access", false));
        assertEquals(Optional.of("b:1900"), choose(directory, DbUpdater.class, null, 0));
        directory.updateLoad("b:1900", 9, 0);
        assertEquals(Optional.of("a:1900"), choose(directory, DbUpdater.class, null, 0));
        directory.updateLoad("a:1900", 1, 20);
        assertEquals(Optional.of("b:1900"), choose(directory, DbUpdater.class, null, 0), "backlog counts as load");
    }

    @Test
    void preferencesComeBeforeLoad() {
        Directory directory = new Directory();
        directory.upsert(system("idle:1900", 0));
        directory.upsert(system("ssd:1900", 40, "ssd", true));
        assertEquals(Optional.of("ssd:1900"), choose(directory, Indexer.class, null, 0));
        assertEquals(Optional.of("idle:1900"), choose(directory, Anywhere.class, null, 0));
    }

    @Test
    void equalSystemsShareTheWorkEvenly() {
        Directory directory = new Directory();
        for (int i = 0; i < 4; i++) {
            directory.upsert(system("worker-" + i + ":1900", 5, "Has DB access", true));
        }
        for (PlacementPolicy policy : List.of(PlacementPolicy.LEAST_LOADED, PlacementPolicy.SPREAD)) {
            Map<String, Integer> chosen = new HashMap<>();
            for (long turn = 0; turn < 1000; turn++) {
                String address = new PlacementEngine(policy)
                        .choose(directory, PlacementRequest.of(DbUpdater.class, Map.of(), null, turn))
                        .orElseThrow().address();
                chosen.merge(address, 1, Integer::sum);
            }
            assertEquals(4, chosen.size());
            chosen.values().forEach(count -> assertTrue(Math.abs(count - 250) <= 12, policy + ": " + chosen));
        }
    }

    @Test
    void spreadIgnoresLoadAndLocality() {
        Directory directory = new Directory();
        directory.upsert(system("a:1900", 0, "Has DB access", true));
        directory.upsert(system("b:1900", 100, "Has DB access", true));
        directory.upsert(system("c:1900", 0));
        PlacementEngine spread = new PlacementEngine(PlacementPolicy.SPREAD);
        List<String> chosen = new ArrayList<>();
        for (long turn = 0; turn < 4; turn++) {
            chosen.add(spread.choose(directory, PlacementRequest.of(DbUpdater.class, Map.of(), "a:1900", turn))
                    .orElseThrow().address());
        }
        assertEquals(2, chosen.stream().distinct().count(), chosen.toString());
        assertFalse(chosen.contains("c:1900"));
    }

    @Test
    void aSystemThatRefusedIsNotChosenAgain() {
        Directory directory = new Directory();
        directory.upsert(system("a:1900", 0, "Has DB access", true));
        directory.upsert(system("b:1900", 5, "Has DB access", true));
        PlacementRequest first = PlacementRequest.of(DbUpdater.class, Map.of(), null, 0);
        assertEquals("a:1900", engine.choose(directory, first).orElseThrow().address());
        PlacementRequest second = first.excluding("a:1900");
        assertEquals("b:1900", engine.choose(directory, second).orElseThrow().address());
        PlacementRequest third = second.excluding("b:1900");
        assertTrue(engine.choose(directory, third).isEmpty());
        assertTrue(engine.refusal(directory, third).contains("2 refused when asked"), engine.refusal(directory, third));
    }

    @Test
    void theCheckMethodRunsOnlyOnSystemsThatMeetTheAnnotations() {
        Directory directory = new Directory();
        for (int i = 0; i < 1000; i++) {
            directory.upsert(i % 200 == 0 ? system("s" + i + ":1900", i, "rare", true, "gpus", i % 400 == 0 ? 4 : 1)
                    : system("s" + i + ":1900", i, "gpus", 8));
        }
        CountedCheck.CALLS.set(0);
        Optional<Candidate> chosen = engine.choose(directory,
                PlacementRequest.of(CountedCheck.class, Map.of("gpus", 2), null, 0));
        assertEquals("s0:1900", chosen.orElseThrow().address());
        assertTrue(CountedCheck.CALLS.get() <= 5, "check ran " + CountedCheck.CALLS.get() + " times");
    }

    @Test
    void theIndexNarrowsToTheSmallestPostingOfTheRequirements() {
        Directory directory = new Directory();
        for (int i = 0; i < 1000; i++) {
            directory.upsert(system("s" + i + ":1900", 0, "Has DB access", i % 10 == 0,
                    "zone", i % 100 == 0 ? "eu-west" : "us-east"));
        }
        assertEquals(100, directory.narrowest(ActorRequirements.of(DbUpdater.class).required()).size());
        assertEquals(10, directory.narrowest(ActorRequirements.of(EuDbUpdater.class).required()).size());
        assertEquals(null, directory.narrowest(ActorRequirements.of(Anywhere.class).required()));
        directory.upsert(new Candidate("s0:1900", Map.of("zone", "us-east"), 2, 0, 0));
        assertEquals(9, directory.narrowest(ActorRequirements.of(EuDbUpdater.class).required()).size());
        directory.remove("s100:1900");
        assertEquals(98, directory.narrowest(ActorRequirements.of(DbUpdater.class).required()).size());
    }

    @Test
    void theRefusalSummarisesWhyEachSystemWasRejected() {
        Directory directory = new Directory();
        directory.upsert(system("a:1900", 0, "zone", "eu-west"));
        directory.upsert(system("b:1900", 0, "zone", "eu-west"));
        directory.upsert(system("c:1900", 0));
        directory.upsert(system("d:1900", 0, "Has DB access", true, "zone", "us-east"));
        directory.upsert(system("e:1900", 0, "Has DB access", true, "zone", "us-east"));
        PlacementRequest request = PlacementRequest.of(EuDbUpdater.class, Map.of(), null, 0);
        assertTrue(engine.choose(directory, request).isEmpty());
        String message = engine.refusal(directory, request);
        assertTrue(message.startsWith("no system can host " + EuDbUpdater.class.getName() + ": 0 of 5 systems qualify: "),
                message);
        assertTrue(message.contains("3 lack \"Has DB access\" ("), message);
        assertTrue(message.contains("2 have zone=us-east (wanted eu-west) ("), message);
    }

    @Test
    void staleGenerationsAreIgnoredAndRemovedSystemsAreNotChosen() {
        Directory directory = new Directory();
        directory.upsert(new Candidate("a:1900", Map.of("Has DB access", true), 5, 0, 0));
        assertFalse(directory.upsert(new Candidate("a:1900", Map.of(), 4, 0, 0)));
        assertEquals(Optional.of("a:1900"), choose(directory, DbUpdater.class, null, 0));
        assertTrue(directory.upsert(new Candidate("a:1900", Map.of(), 6, 0, 0)));
        assertTrue(choose(directory, DbUpdater.class, null, 0).isEmpty());
        assertTrue(directory.upsert(new Candidate("a:1900", Map.of("Has DB access", 1), 7, 3, 0)));
        assertEquals(Optional.of("a:1900"), choose(directory, DbUpdater.class, null, 0));
        assertTrue(directory.remove("a:1900"));
        assertTrue(choose(directory, DbUpdater.class, null, 0).isEmpty());
        assertEquals(0, directory.size());
    }

    /**
     * The indexed decision must agree with a brute-force one: eligible, and no eligible system scores higher or
     * is less loaded at the same score. Random directories from a fixed seed, large enough for the walk path.
     */
    @Test
    void indexedDecisionsAgreeWithABruteForceScan() {
        Random random = new Random(42);
        List<Class<?>> classes = List.of(Anywhere.class, DbUpdater.class, EuDbUpdater.class, Indexer.class);
        String[] zones = {"eu-west", "us-east", "ap-south"};
        for (int round = 0; round < 20; round++) {
            Directory directory = new Directory();
            int systems = 50 + random.nextInt(1500);
            for (int i = 0; i < systems; i++) {
                directory.upsert(system("h" + i + ":1900", random.nextInt(20),
                        "Has DB access", random.nextInt(10) == 0, "zone", zones[random.nextInt(3)],
                        "ssd", random.nextBoolean()));
            }
            for (Class<?> type : classes) {
                ActorRequirements rules = ActorRequirements.of(type);
                Optional<Candidate> chosen = engine.choose(directory, PlacementRequest.of(type, Map.of(), null, round));
                List<Candidate> eligible = directory.candidates().stream()
                        .filter(c -> rules.evaluate(c.capabilities(), Map.of()).eligible()).toList();
                assertEquals(eligible.isEmpty(), chosen.isEmpty(), type.getSimpleName());
                chosen.ifPresent(best -> {
                    assertTrue(eligible.contains(best));
                    int bestScore = rules.preferenceScore(best.capabilities());
                    for (Candidate other : eligible) {
                        int score = rules.preferenceScore(other.capabilities());
                        assertTrue(score < bestScore || score == bestScore && other.load() >= best.load(),
                                type.getSimpleName() + " chose " + best + " over " + other);
                    }
                });
            }
        }
    }
}
