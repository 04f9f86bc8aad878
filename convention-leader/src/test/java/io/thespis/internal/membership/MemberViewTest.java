package io.thespis.internal.membership;

import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.Removal;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemberViewTest {
    private static MemberInfo member(String address, long incarnation, long version) {
        return MemberInfo.newBuilder().setAddress(address).setMemberId(address).setIncarnation(incarnation)
                .setVersion(version).setGeneration(version).build();
    }

    private static Removal removal(String address, long incarnation, long version) {
        return Removal.newBuilder().setAddress(address).setIncarnation(incarnation).setVersion(version)
                .setReason("test").build();
    }

    private static List<MemberView.Outcome> outcomes(List<MemberView.Change> changes) {
        return changes.stream().map(MemberView.Change::outcome).toList();
    }

    @Test
    void newerVersionsWinOlderOnesAreStale() {
        MemberView view = new MemberView();
        assertEquals(List.of(MemberView.Outcome.JOINED), outcomes(view.upsert(member("a:1", 5, 1))));
        assertEquals(List.of(MemberView.Outcome.UPDATED), outcomes(view.upsert(member("a:1", 5, 3))));
        assertEquals(List.of(), outcomes(view.upsert(member("a:1", 5, 2))), "an older version");
        assertEquals(List.of(), outcomes(view.upsert(member("a:1", 5, 3))), "the same news twice");
        assertEquals(3, view.get("a:1").getVersion());
    }

    @Test
    void loadFiguresOfTheSameVersionRefreshWithoutBeingNews() {
        MemberView view = new MemberView();
        view.upsert(member("a:1", 5, 1));
        assertEquals(List.of(MemberView.Outcome.REFRESHED),
                outcomes(view.upsert(member("a:1", 5, 1).toBuilder().setActorCount(7).build())));
        assertEquals(7, view.get("a:1").getActorCount());
    }

    @Test
    void aNewerIncarnationReplacesTheOldOneAndTheOldOneIsGoneForGood() {
        MemberView view = new MemberView();
        view.upsert(member("a:1", 5, 9));
        assertEquals(List.of(MemberView.Outcome.REMOVED, MemberView.Outcome.JOINED),
                outcomes(view.upsert(member("a:1", 6, 1))));
        assertTrue(view.isGone("a:1", 5));
        assertFalse(view.isGone("a:1", 6));
        assertEquals(List.of(), outcomes(view.upsert(member("a:1", 5, 10))), "the old incarnation, with a newer version");
    }

    @Test
    void aRemovedIncarnationNeverComesBackButItsSuccessorJoins() {
        MemberView view = new MemberView();
        view.upsert(member("a:1", 5, 2));
        assertEquals(List.of(MemberView.Outcome.REMOVED), outcomes(view.remove(removal("a:1", 5, 2))));
        assertEquals(List.of(), outcomes(view.upsert(member("a:1", 5, 3))), "a re-registration of a gone incarnation");
        assertTrue(view.isGone("a:1", 5));
        assertEquals("test", view.goneReason("a:1", 5));
        assertEquals(List.of(MemberView.Outcome.JOINED), outcomes(view.upsert(member("a:1", 6, 1))));
    }

    @Test
    void aLateRemovalOfAnOlderIncarnationNeverUndoesALaterRegistration() {
        MemberView view = new MemberView();
        view.upsert(member("a:1", 6, 1));
        assertEquals(List.of(), outcomes(view.remove(removal("a:1", 5, 9))));
        assertNull(view.goneReason("a:1", 6));
        assertEquals(6, view.get("a:1").getIncarnation());
    }

    @Test
    void aPartialSnapshotKeepsWhatItLacksAnAuthoritativeOneRemovesIt() {
        MemberView view = new MemberView();
        view.upsert(member("self:1", 1, 1));
        view.upsert(member("a:1", 5, 1));
        view.upsert(member("b:1", 7, 1));
        assertEquals(List.of(), outcomes(view.applySnapshot(List.of(member("a:1", 5, 1)), false, "self:1", "absent")));
        assertEquals(3, view.size());
        List<MemberView.Change> changes = view.applySnapshot(List.of(member("a:1", 5, 1)), true, "self:1", "absent");
        assertEquals(List.of(MemberView.Outcome.REMOVED), outcomes(changes));
        assertEquals("b:1", changes.get(0).member().getAddress());
        assertEquals(2, view.size(), "the view's owner is kept");
    }

    /**
     * News about several members, including removals and later incarnations, applied in random orders and with
     * duplicates: every view ends up holding the same members, the greatest news per address.
     */
    @RepeatedTest(50)
    void viewsFedTheSameNewsInAnyOrderConverge() {
        Random random = new Random(System.nanoTime());
        List<Object> news = new ArrayList<>();
        for (int address = 0; address < 5; address++) {
            int incarnations = 1 + random.nextInt(3);
            for (int incarnation = 1; incarnation <= incarnations; incarnation++) {
                int versions = 1 + random.nextInt(4);
                for (int version = 1; version <= versions; version++) {
                    news.add(member("m" + address + ":1", incarnation, version));
                }
                if (incarnation < incarnations || random.nextBoolean()) {
                    news.add(removal("m" + address + ":1", incarnation, random.nextInt(versions + 1)));
                }
            }
        }
        List<String> expected = null;
        for (int order = 0; order < 8; order++) {
            List<Object> shuffled = new ArrayList<>(news);
            shuffled.addAll(news.subList(0, random.nextInt(news.size())));
            Collections.shuffle(shuffled, random);
            MemberView view = new MemberView();
            for (Object item : shuffled) {
                if (item instanceof MemberInfo member) {
                    view.upsert(member);
                } else {
                    view.remove((Removal) item);
                }
            }
            List<String> held = view.members().stream().sorted(Comparator.comparing(MemberInfo::getAddress))
                    .map(member -> member.getAddress() + "/" + member.getIncarnation() + "v" + member.getVersion())
                    .toList();
            if (expected == null) {
                expected = held;
            }
            assertEquals(expected, held, "news " + news);
        }
    }
}
