package io.thespis.internal.membership;

import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.Removal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of membership, written once: what one party (the leader, or a member) knows of every member, and
 * which news changes it. The leader's registry and every member's directory are views; fed the same news in any
 * order, they end up the same.
 *
 * <p>A member is known by its address; its process by an <em>incarnation</em> (one per start, or per rejoin
 * after it was declared gone), and each piece of news about one incarnation by a <em>version</em> (grows with
 * every registration and capability change). The rules:
 * <ul>
 *   <li>News of a higher incarnation replaces a lower one; within an incarnation, a higher version wins; a load
 *       figure (actor count, backlog) with the same version refreshes the entry without being news.</li>
 *   <li>A removal of incarnation {@code i} removes {@code i} and anything older at that address, whatever their
 *       versions, and never a later incarnation: news is ordered by {@code (incarnation, version)} with a removal
 *       above every version of its incarnation, and the view holds the greatest news per address. So the result
 *       does not depend on the order news arrives in.</li>
 *   <li>A removed incarnation never comes back: it is remembered (as a tombstone) and later news of it is stale,
 *       because its actors were reported exited. Its process must rejoin as a new incarnation (it is
 *       quarantined), and that registration, a later incarnation, no removal of the old one can undo.</li>
 * </ul>
 *
 * <p>Not thread-safe: the owner serializes calls, and runs listeners on the returned changes afterwards.
 */
public final class MemberView {
    /** Tombstones kept at most; the oldest are forgotten first. */
    static final int TOMBSTONES_KEPT = 10_000;

    /** What one piece of news did to the view. */
    public enum Outcome {
        /** A member (or a newer incarnation of it) appeared. */
        JOINED,
        /** A known incarnation changed (a newer version: capabilities, or a re-registration). */
        UPDATED,
        /** Only its load figures changed. */
        REFRESHED,
        /** The member is gone. */
        REMOVED,
        /** Older than what the view holds, or of an incarnation that was declared gone: nothing changed. */
        STALE
    }

    /**
     * One change the view made, for the owner's listeners. A newer incarnation replacing an older one is reported
     * as the old one's removal followed by the new one's joining.
     *
     * @param outcome what happened
     * @param member  the member as the view now holds it ({@link Outcome#REMOVED}: as it was held, or {@code null}
     *                when only its tombstone was known)
     * @param removal the removal, for {@link Outcome#REMOVED}
     */
    public record Change(Outcome outcome, MemberInfo member, Removal removal) {
    }

    private final Map<String, MemberInfo> alive = new HashMap<>();
    private final Map<String, Removal> tombstones = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Removal> eldest) {
            return size() > TOMBSTONES_KEPT;
        }
    };

    /** Applies news of {@code member}; returns what changed, in order (empty when stale). */
    public List<Change> upsert(MemberInfo member) {
        String address = member.getAddress();
        Removal tombstone = tombstones.get(address);
        if (tombstone != null && member.getIncarnation() <= tombstone.getIncarnation()) {
            return List.of();
        }
        MemberInfo held = alive.get(address);
        if (held == null) {
            alive.put(address, member);
            return List.of(new Change(Outcome.JOINED, member, null));
        }
        if (member.getIncarnation() > held.getIncarnation()) {
            Removal replaced = removal(held, "replaced by incarnation " + member.getIncarnation());
            tombstones.put(address, replaced);
            alive.put(address, member);
            return List.of(new Change(Outcome.REMOVED, held, replaced), new Change(Outcome.JOINED, member, null));
        }
        if (member.getIncarnation() < held.getIncarnation() || member.getVersion() < held.getVersion()) {
            return List.of();
        }
        if (member.getVersion() == held.getVersion()) {
            if (member.getActorCount() == held.getActorCount()
                    && member.getMailboxBacklog() == held.getMailboxBacklog()) {
                return List.of();
            }
            MemberInfo refreshed = held.toBuilder().setActorCount(member.getActorCount())
                    .setMailboxBacklog(member.getMailboxBacklog()).build();
            alive.put(address, refreshed);
            return List.of(new Change(Outcome.REFRESHED, refreshed, null));
        }
        alive.put(address, member);
        return List.of(new Change(Outcome.UPDATED, member, null));
    }

    /** Applies a removal; returns what changed (empty when stale or already known). */
    public List<Change> remove(Removal removal) {
        String address = removal.getAddress();
        MemberInfo held = alive.get(address);
        if (held != null && held.getIncarnation() > removal.getIncarnation()) {
            return List.of();
        }
        Removal tombstone = tombstones.get(address);
        if (tombstone == null || tombstone.getIncarnation() < removal.getIncarnation()) {
            tombstones.put(address, removal);
        }
        if (held == null) {
            return List.of();
        }
        alive.remove(address);
        return List.of(new Change(Outcome.REMOVED, held, removal));
    }

    /**
     * Applies a whole directory: every member in it as news; when it is {@code authoritative}, every live member
     * absent from it (but {@code keep}) is removed at the version held, for {@code reason}.
     */
    public List<Change> applySnapshot(Collection<MemberInfo> members, boolean authoritative, String keep,
                                      String reason) {
        List<Change> changes = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (MemberInfo member : members) {
            present.add(member.getAddress());
            changes.addAll(upsert(member));
        }
        if (authoritative) {
            for (MemberInfo held : new ArrayList<>(alive.values())) {
                if (!present.contains(held.getAddress()) && !held.getAddress().equals(keep)) {
                    changes.addAll(remove(removal(held, reason)));
                }
            }
        }
        return changes;
    }

    /** The removal of {@code member} as it is held now. */
    public static Removal removal(MemberInfo member, String reason) {
        return Removal.newBuilder().setAddress(member.getAddress()).setIncarnation(member.getIncarnation())
                .setVersion(member.getVersion()).setReason(reason).build();
    }

    /**
     * Forgets the removal of incarnation {@code incarnation} at {@code address}, so that news of it counts again:
     * for a removal this party judged itself and whose witnesses are gone (its owner became a new incarnation).
     */
    public void forgetRemoval(String address, long incarnation) {
        Removal tombstone = tombstones.get(address);
        if (tombstone != null && tombstone.getIncarnation() == incarnation) {
            tombstones.remove(address);
        }
    }

    /** The live member at {@code address}, or {@code null}. */
    public MemberInfo get(String address) {
        return alive.get(address);
    }

    /** Whether incarnation {@code incarnation} at {@code address} was declared gone (or replaced). */
    public boolean isGone(String address, long incarnation) {
        Removal tombstone = tombstones.get(address);
        if (tombstone != null && incarnation <= tombstone.getIncarnation()) {
            return true;
        }
        MemberInfo held = alive.get(address);
        return held != null && incarnation < held.getIncarnation();
    }

    /** Why incarnation {@code incarnation} at {@code address} is gone, or {@code null} when it is not known gone. */
    public String goneReason(String address, long incarnation) {
        Removal tombstone = tombstones.get(address);
        if (tombstone != null && incarnation <= tombstone.getIncarnation()) {
            return tombstone.getReason();
        }
        MemberInfo held = alive.get(address);
        return held != null && incarnation < held.getIncarnation()
                ? "replaced by incarnation " + held.getIncarnation() : null;
    }

    /** The removal remembered for each address whose incarnations up to its own are gone; a copy. */
    public Map<String, Removal> tombstones() {
        return Map.copyOf(tombstones);
    }

    /** The last {@code limit} removals remembered, oldest first. */
    public List<Removal> recentRemovals(int limit) {
        List<Removal> all = new ArrayList<>(tombstones.values());
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    /** Every live member. */
    public Collection<MemberInfo> members() {
        return List.copyOf(alive.values());
    }

    /** How many members are live. */
    public int size() {
        return alive.size();
    }
}
