package io.thespis.internal.leader;

import io.thespis.proto.v1.MemberInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader's registry of live members: a small state machine keyed by advertised address, where a member is
 * identified by its incarnation (one per process start) and its capabilities by a generation (one per change).
 * Newer wins, stale is ignored. Time is passed in, so tests move it. Soft state only: members re-register after
 * a leader restart. Not thread-safe: the leader serialises calls.
 */
public final class Membership {
    /** The outcome of a message from a member. */
    public enum Outcome {
        /** The member was new, or is a restarted process (higher incarnation) replacing its predecessor. */
        JOINED,
        /** A known member's information changed (capabilities or load). */
        UPDATED,
        /** Older news than the registry holds (lower incarnation or generation), or an unknown member: ignored. */
        STALE
    }

    private record Entry(MemberInfo info, long lastHeardNanos) {
    }

    private final Map<String, Entry> byAddress = new HashMap<>();

    /** A member registers (on joining, or on re-joining after the leader restarted). */
    public Outcome register(MemberInfo info, long nowNanos) {
        Entry held = byAddress.get(info.getAddress());
        if (held != null && isOlder(info, held.info())) {
            return Outcome.STALE;
        }
        byAddress.put(info.getAddress(), new Entry(info, nowNanos));
        return held == null || held.info().getIncarnation() != info.getIncarnation() ? Outcome.JOINED : Outcome.UPDATED;
    }

    /** A heartbeat with the member's load; {@link Outcome#STALE} when the member is not (or no longer) known. */
    public Outcome heartbeat(String address, long incarnation, int actorCount, long mailboxBacklog, long nowNanos) {
        Entry held = byAddress.get(address);
        if (held == null || held.info().getIncarnation() != incarnation) {
            return Outcome.STALE;
        }
        MemberInfo info = held.info().toBuilder().setActorCount(actorCount).setMailboxBacklog(mailboxBacklog).build();
        byAddress.put(address, new Entry(info, nowNanos));
        return Outcome.UPDATED;
    }

    /** A capability change, numbered {@code info.getGeneration()}. */
    public Outcome update(MemberInfo info, long nowNanos) {
        Entry held = byAddress.get(info.getAddress());
        if (held == null || held.info().getIncarnation() != info.getIncarnation()
                || info.getGeneration() <= held.info().getGeneration()) {
            return Outcome.STALE;
        }
        byAddress.put(info.getAddress(), new Entry(info, nowNanos));
        return Outcome.UPDATED;
    }

    /**
     * Removes the member at {@code address} if it is still incarnation {@code incarnation} (a restarted process
     * that already registered is kept).
     *
     * @return whether it was removed
     */
    public boolean remove(String address, long incarnation) {
        Entry held = byAddress.get(address);
        if (held == null || held.info().getIncarnation() != incarnation) {
            return false;
        }
        byAddress.remove(address);
        return true;
    }

    /** Removes every member not heard from for {@code timeoutNanos}; returns them. */
    public List<MemberInfo> expire(long nowNanos, long timeoutNanos) {
        List<MemberInfo> expired = new ArrayList<>();
        byAddress.values().removeIf(entry -> {
            boolean silent = nowNanos - entry.lastHeardNanos() > timeoutNanos;
            if (silent) {
                expired.add(entry.info());
            }
            return silent;
        });
        return expired;
    }

    /** The member at {@code address}, or {@code null}. */
    public MemberInfo get(String address) {
        Entry held = byAddress.get(address);
        return held == null ? null : held.info();
    }

    /** Every live member. */
    public Collection<MemberInfo> members() {
        List<MemberInfo> members = new ArrayList<>(byAddress.size());
        byAddress.values().forEach(entry -> members.add(entry.info()));
        return members;
    }

    /** How many members are live. */
    public int size() {
        return byAddress.size();
    }

    private static boolean isOlder(MemberInfo incoming, MemberInfo held) {
        if (incoming.getIncarnation() != held.getIncarnation()) {
            return incoming.getIncarnation() < held.getIncarnation();
        }
        return incoming.getGeneration() < held.getGeneration();
    }
}
