package io.thespis.internal.leader;

import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.MemberInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipTest {
    private static final long SECOND = 1_000_000_000L;

    private static MemberInfo member(String address, long incarnation, long generation, boolean db) {
        return MemberInfo.newBuilder().setAddress(address).setMemberId(address).setIncarnation(incarnation)
                .setGeneration(generation)
                .putCapabilities("Has DB access", CapabilityValue.newBuilder().setBoolValue(db).build()).build();
    }

    @Test
    void aNewMemberJoinsAndARestartedOneReplacesItsPredecessor() {
        Membership membership = new Membership();
        assertEquals(Membership.Outcome.JOINED, membership.register(member("a:1900", 5, 1, true), 0));
        assertEquals(Membership.Outcome.UPDATED, membership.register(member("a:1900", 5, 1, true), 1));
        assertEquals(Membership.Outcome.JOINED, membership.register(member("a:1900", 6, 1, false), 2));
        assertEquals(Membership.Outcome.STALE, membership.register(member("a:1900", 5, 9, true), 3));
        assertEquals(6, membership.get("a:1900").getIncarnation());
        assertFalse(membership.remove("a:1900", 5), "the old incarnation's stream ending keeps the new one");
        assertTrue(membership.remove("a:1900", 6));
        assertEquals(0, membership.size());
    }

    @Test
    void staleGenerationsAreIgnored() {
        Membership membership = new Membership();
        membership.register(member("a:1900", 1, 3, true), 0);
        assertEquals(Membership.Outcome.STALE, membership.update(member("a:1900", 1, 2, false), 1));
        assertEquals(Membership.Outcome.STALE, membership.update(member("a:1900", 1, 3, false), 1));
        assertTrue(membership.get("a:1900").getCapabilitiesOrThrow("Has DB access").getBoolValue());
        assertEquals(Membership.Outcome.UPDATED, membership.update(member("a:1900", 1, 4, false), 1));
        assertFalse(membership.get("a:1900").getCapabilitiesOrThrow("Has DB access").getBoolValue());
        assertEquals(Membership.Outcome.STALE, membership.update(member("b:1900", 1, 9, false), 1), "unknown member");
    }

    @Test
    void silentMembersExpireAndHeartbeatsKeepThemAlive() {
        Membership membership = new Membership();
        membership.register(member("a:1900", 1, 1, true), 0);
        membership.register(member("b:1900", 1, 1, true), 0);
        assertEquals(Membership.Outcome.UPDATED, membership.heartbeat("a:1900", 1, 7, 2, 2 * SECOND));
        assertEquals(Membership.Outcome.STALE, membership.heartbeat("a:1900", 2, 7, 2, 2 * SECOND), "wrong incarnation");
        assertEquals(List.of(), membership.expire(3 * SECOND, 3 * SECOND));
        List<MemberInfo> expired = membership.expire(3 * SECOND + 1, 3 * SECOND);
        assertEquals(List.of("b:1900"), expired.stream().map(MemberInfo::getAddress).toList());
        assertEquals(7, membership.get("a:1900").getActorCount());
        assertEquals(2, membership.get("a:1900").getMailboxBacklog());
        assertEquals(Membership.Outcome.STALE, membership.heartbeat("b:1900", 1, 0, 0, 4 * SECOND), "gone");
    }
}
