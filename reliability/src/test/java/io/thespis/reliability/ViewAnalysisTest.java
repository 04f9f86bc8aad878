package io.thespis.reliability;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewAnalysisTest {
    private static final Set<String> ALL = Set.of("a", "b", "c");

    private static View view(long at, String... members) {
        return new View(at, Set.of(members), "a");
    }

    @Test
    void detectionIsTheFirstViewAfterTheFaultThatLacksTheMember() {
        List<View> views = List.of(view(90, "a", "b", "c"), view(100, "a", "b", "c"), view(140, "a", "b"));
        assertEquals(OptionalLong.of(40), ViewAnalysis.untilAbsent(views, "c", 100));
        assertEquals(OptionalLong.empty(), ViewAnalysis.untilAbsent(views, "b", 100));
    }

    @Test
    void isolationIsTheFirstViewListingOnlyItself() {
        List<View> views = List.of(view(100, "a", "b", "c"), view(200, "a", "c"), view(300, "c"));
        assertEquals(OptionalLong.of(250), ViewAnalysis.untilAlone(views, "c", 50));
    }

    @Test
    void wholeCountsFromTheLastTimeAMemberBecameWholeForGood() {
        Map<String, List<View>> views = Map.of(
                "a", List.of(view(900, "a", "b"), view(1_100, "a", "b", "c"), view(1_200, "a", "b"),
                        view(1_500, "a", "b", "c"), view(1_600, "a", "b", "c")),
                "b", List.of(view(900, "a", "b", "c"), view(1_600, "a", "b", "c")));
        assertEquals(OptionalLong.of(500), ViewAnalysis.untilWhole(views, ALL, 1_000));
    }

    @Test
    void aMemberWholeBeforeTheHealCountsAsWholeAtTheHeal() {
        Map<String, List<View>> views = Map.of("a", List.of(view(900, "a", "b", "c"), view(1_100, "a", "b", "c")));
        assertEquals(OptionalLong.of(0), ViewAnalysis.untilWhole(views, ALL, 1_000));
    }

    @Test
    void notWholeWhenALatestViewIsNotOrNoViewCameAfterTheHeal() {
        assertEquals(OptionalLong.empty(), ViewAnalysis.untilWhole(
                Map.of("a", List.of(view(1_100, "a", "b", "c"), view(1_200, "a", "b"))), ALL, 1_000));
        assertEquals(OptionalLong.empty(), ViewAnalysis.untilWhole(
                Map.of("a", List.of(view(900, "a", "b", "c"))), ALL, 1_000));
    }
}
