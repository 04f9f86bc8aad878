package io.thespis.internal.leader;

import io.thespis.actor.Timing;
import io.thespis.internal.membership.MemberView;
import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.MemberInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader's failure detection, in virtual time: time is a number the test moves. */
class MembershipTest {
    private static final long MS = 1_000_000L;
    private static final Timing SETTINGS = new Timing(Duration.ofMillis(500), Duration.ofSeconds(3));
    private static final String LEADER = "leader:1";

    private static MemberInfo member(String address, long incarnation, long version) {
        return MemberInfo.newBuilder().setAddress(address).setMemberId(address).setIncarnation(incarnation)
                .setVersion(version).setGeneration(1).build();
    }

    /** A leader with its own member and {@code others} members, all registered at time 0. */
    private static Membership convention(int others) {
        Membership membership = new Membership(SETTINGS, () -> LEADER, 0);
        membership.register(member(LEADER, 1, 1), 0);
        for (int i = 0; i < others; i++) {
            membership.register(member("m" + i + ":1", 1, 1), 0);
        }
        return membership;
    }

    private static void heartbeats(Membership membership, long nowNanos, String... addresses) {
        for (String address : addresses) {
            assertNotNull(membership.heartbeat(address, 1, 0, 0, nowNanos));
        }
    }

    private static List<String> removed(List<MemberView.Change> changes) {
        return changes.stream().filter(change -> change.outcome() == MemberView.Outcome.REMOVED)
                .map(change -> change.member().getAddress()).toList();
    }

    @Test
    void aSilentMemberIsDeclaredGoneAfterTheTimeoutAndMayNotComeBackAsItWas() {
        Membership membership = convention(3);
        for (long t = 500; t <= 3000; t += 500) {
            heartbeats(membership, t * MS, LEADER, "m0:1", "m1:1");
            assertEquals(List.of(), removed(membership.sweep(t * MS)), "at " + t + " ms");
        }
        heartbeats(membership, 3100 * MS, LEADER, "m0:1", "m1:1");
        assertEquals(List.of("m2:1"), removed(membership.sweep(3100 * MS)));
        assertEquals(Membership.Admission.DECLARED_GONE, membership.admission(member("m2:1", 1, 2)));
        assertNull(membership.heartbeat("m2:1", 1, 0, 0, 4100 * MS));
        assertEquals(Membership.Admission.ACCEPTED, membership.admission(member("m2:1", 2, 1)));
    }

    @Test
    void aLeaderThatLosesMostMembersAtOnceDeclaresNoOneGoneAndGivesThemATimeoutAfterward() {
        Membership membership = convention(3);
        for (long t = 500; t <= 13_000; t += 500) {
            heartbeats(membership, t * MS, LEADER);
            assertEquals(List.of(), removed(membership.sweep(t * MS)), "isolated, at " + t + " ms");
        }
        assertEquals(Membership.Health.ISOLATED, membership.health());
        heartbeats(membership, 13_500 * MS, LEADER, "m0:1", "m1:1");
        assertEquals(List.of(), removed(membership.sweep(13_500 * MS)), "m2 gets a whole timeout");
        assertEquals(Membership.Health.HEALTHY, membership.health());
        for (long t = 14_000; t <= 16_500; t += 500) {
            heartbeats(membership, t * MS, LEADER, "m0:1", "m1:1");
            assertEquals(List.of(), removed(membership.sweep(t * MS)), "at " + t + " ms");
        }
        heartbeats(membership, 17_000 * MS, LEADER, "m0:1", "m1:1");
        assertEquals(List.of("m2:1"), removed(membership.sweep(17_000 * MS)));
    }

    /** Sweeps every heartbeat interval from {@code fromMs} to {@code toMs}, with heartbeats from {@code heard}. */
    private static List<String> sweeps(Membership membership, long fromMs, long toMs, String... heard) {
        List<String> removed = new java.util.ArrayList<>();
        for (long t = fromMs; t <= toMs; t += 500) {
            heartbeats(membership, t * MS, heard);
            removed.addAll(removed(membership.sweep(t * MS)));
        }
        return removed;
    }

    @Test
    void inAConventionOfTwoTheOtherMemberIsDeclaredGone() {
        Membership membership = convention(1);
        assertEquals(List.of("m0:1"), sweeps(membership, 500, 3500, LEADER));
    }

    @Test
    void aStreamThatEndsWhileItsMemberWasHeardJustNowEndsTheMembershipAtOnce() {
        Membership membership = convention(2);
        heartbeats(membership, 900 * MS, "m0:1");
        assertEquals(List.of("m0:1"), removed(membership.streamEnded("m0:1", 1, "reset", 1000 * MS)));
    }

    @Test
    void aStreamThatEndsAfterItsMemberFellSilentLeavesItToTheTimeout() {
        Membership membership = convention(3);
        assertEquals(List.of(), sweeps(membership, 500, 2000, LEADER, "m1:1", "m2:1"));
        assertEquals(List.of(), removed(membership.streamEnded("m0:1", 1, "reset", 2000 * MS)));
        assertNotNull(membership.get("m0:1"));
        assertEquals(List.of("m0:1"), sweeps(membership, 2500, 3500, LEADER, "m1:1", "m2:1"));
    }

    @Test
    void aReRegistrationOfTheLiveIncarnationIsAcceptedAndNewerNewsWins() {
        Membership membership = convention(1);
        assertEquals(Membership.Admission.ACCEPTED, membership.admission(member("m0:1", 1, 2)));
        membership.register(member("m0:1", 1, 2), 100 * MS);
        assertTrue(membership.update(member("m0:1", 1, 1), 200 * MS).isEmpty(), "an older version");
        assertFalse(membership.update(member("m0:1", 1, 3), 200 * MS).isEmpty());
        assertEquals(Membership.Admission.STALE, admissionAfterRestart(membership));
    }

    private static Membership.Admission admissionAfterRestart(Membership membership) {
        membership.register(member("m0:1", 2, 1), 300 * MS);
        return membership.admission(member("m0:1", 1, 9));
    }

    @Test
    void aRestartedLeaderIsNotAuthoritativeUntilMembersHadATimeoutToReRegister() {
        Membership membership = convention(0);
        membership.sweep(3000 * MS);
        assertFalse(membership.authoritative());
        membership.sweep(3500 * MS);
        assertTrue(membership.authoritative());
    }

    @Test
    void silenceWhileTheLeaderItselfWasPausedIsNoEvidence() {
        Membership membership = convention(3);
        for (long t = 500; t <= 1000; t += 500) {
            heartbeats(membership, t * MS, LEADER, "m0:1", "m1:1", "m2:1");
            membership.sweep(t * MS);
        }
        heartbeats(membership, 6000 * MS, LEADER, "m0:1", "m1:1");
        assertEquals(List.of(), removed(membership.sweep(6000 * MS)), "the leader's sweeps stopped for 5 s");
        for (long t = 6500; t <= 8000; t += 500) {
            heartbeats(membership, t * MS, LEADER, "m0:1", "m1:1");
            assertEquals(List.of(), removed(membership.sweep(t * MS)), "at " + t + " ms");
        }
        heartbeats(membership, 8500 * MS, LEADER, "m0:1", "m1:1");
        assertEquals(List.of("m2:1"), removed(membership.sweep(8500 * MS)), "silent for 3 s after the pause");
    }

    @Test
    void membersThatFallSilentInTurnByTheirHeartbeatsPhaseStillMakeTheLeadersIsolation() {
        Membership membership = convention(3);
        // Each member last heard at a different phase of its heartbeat, then nothing: the leader is cut off.
        membership.heartbeat("m0:1", 1, 0, 0, 100 * MS);
        membership.heartbeat("m1:1", 1, 0, 0, 300 * MS);
        membership.heartbeat("m2:1", 1, 0, 0, 450 * MS);
        List<String> removed = new java.util.ArrayList<>();
        for (long t = 125; t <= 6000; t += 125) {
            membership.heartbeat(LEADER, 1, 0, 0, t * MS);
            removed.addAll(removed(membership.sweep(t * MS)));
        }
        assertEquals(List.of(), removed, "m0 crossed the timeout first, while the others were falling quiet");
        assertEquals(Membership.Health.ISOLATED, membership.health());
    }

    /** A member publishing the most one member may: 64 KiB of capabilities. */
    private static MemberInfo large(String address, long version) {
        MemberInfo.Builder member = member(address, 1, version).toBuilder();
        for (int i = 0; i < 16; i++) {
            member.putCapabilities("k" + i, CapabilityValue.newBuilder().setStringValue("v".repeat(4000)).build());
        }
        return member.build();
    }

    @Test
    void theDirectoryTakesMembersUntilItsSnapshotWouldOutgrowWhatEveryMemberReadsThenRefusesWithTheReason() {
        Membership membership = convention(0);
        int admitted = 0;
        String refusal;
        while ((refusal = membership.directoryTooLarge(large("big" + admitted + ":1", 1))) == null) {
            membership.register(large("big" + admitted + ":1", 1), 0);
            admitted++;
        }
        assertTrue(membership.directoryBytes() <= Membership.MAX_DIRECTORY_BYTES, membership.directoryBytes() + "");
        assertTrue(admitted > 100, admitted + " members of 64 KiB fit in 8 MiB");
        assertTrue(membership.directoryBytes() + large("big" + admitted + ":1", 1).getSerializedSize()
                > Membership.MAX_DIRECTORY_BYTES, "refused only when it would not fit");
        assertTrue(refusal.contains("at most " + Membership.MAX_DIRECTORY_BYTES + " bytes"), refusal);
        assertNull(membership.directoryTooLarge(large("big0:1", 2)), "a member already held may publish as much again");

        membership.remove("big0:1", 1, "left");
        assertNull(membership.directoryTooLarge(large("new:1", 1)), "a removal frees its room");
        long before = membership.directoryBytes();
        membership.heartbeat("big1:1", 1, 5, 7, 0);
        assertTrue(Math.abs(membership.directoryBytes() - before) < 8, "a heartbeat changes the size by its load's bytes");
    }
}
