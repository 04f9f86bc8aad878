package io.thespis.internal.member.membership;

import io.thespis.actor.MemberStatus;
import io.thespis.internal.membership.SystemIdentity;
import io.thespis.internal.member.wire.WireCapabilities;
import io.thespis.internal.membership.MemberView;
import io.thespis.internal.placement.Candidate;
import io.thespis.internal.placement.Directory;
import io.thespis.internal.placement.PlacementEngine;
import io.thespis.internal.placement.PlacementPolicy;
import io.thespis.internal.placement.PlacementRequest;
import io.thespis.proto.v1.DirectoryDelta;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.Removal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A member's view of the Convention: every live system with its capabilities and load, fed by the leader's
 * snapshots and deltas under the rules of {@link MemberView} (the leader's rules too), and kept while the leader
 * is away. Placement decides over it without the leader; routing asks it, without a lock, whether a system is
 * gone. Listeners run after the view changed, outside its lock.
 *
 * <p>A partial snapshot (from a leader that restarted and is still settling) adds and updates members but removes
 * none; an authoritative one removes the members it lacks.
 */
public final class MemberDirectory {
    /** What the member does when the Convention changes; called outside the directory's lock, in order. */
    public interface Listener {
        /** A system joined or changed its capabilities. */
        void upserted(MemberInfo member, Map<String, Object> capabilities);

        /** A system is gone; {@code systemId} is its identity, {@code reason} why. */
        void removed(String address, String systemId, String reason);

        /** This member's own incarnation was declared gone, for {@code reason}: it must rejoin as a new one. */
        void declaredGone(String reason);
    }

    /** What routing reads: which incarnation is live at each address, and up to which one each address is gone. */
    private record Routing(Map<String, Long> live, Map<String, Removal> gone) {
        public String goneReason(SystemIdentity identity) {
            Removal removal = gone.get(identity.address());
            if (removal != null && identity.incarnation() <= removal.getIncarnation()) {
                return removal.getReason();
            }
            Long current = live.get(identity.address());
            return current != null && identity.incarnation() < current ? "replaced by a newer incarnation" : null;
        }
    }

    private final Listener listener;
    private final LongSupplier nanoTime;
    private final PlacementEngine engine = new PlacementEngine(PlacementPolicy.LEAST_LOADED);
    private final Directory placement = new Directory();
    private final MemberView view = new MemberView();
    private MemberInfo self;
    private volatile Routing routing = new Routing(Map.of(), Map.of());
    /** Members this member removed on its own judgement (the leader's), by address: their incarnations. */
    private final Map<String, Long> judgedHere = new HashMap<>();

    public MemberDirectory(MemberInfo self, Listener listener, LongSupplier nanoTime) {
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.self = self;
        synchronized (this) {
            apply(view.upsert(self));
        }
    }

    /**
     * The whole directory from the leader; returns the members removed because an authoritative snapshot lacked
     * them, for the leader to record.
     */
    List<Removal> applySnapshot(List<MemberInfo> snapshot, boolean authoritative) {
        List<MemberView.Change> changes;
        synchronized (this) {
            changes = apply(view.applySnapshot(snapshot, authoritative, self.getAddress(),
                    "absent from the leader's directory"));
        }
        notifyListener(changes);
        return changes.stream().filter(change -> change.outcome() == MemberView.Outcome.REMOVED)
                .map(MemberView.Change::removal).toList();
    }

    /** The most recent removals this member knows of, at most {@code limit}, for a restarted leader to relearn. */
    synchronized List<Removal> knownRemovals(int limit) {
        return view.recentRemovals(limit);
    }

    /**
     * Removes the member at {@code address} (not this one) on this member's own judgement, for {@code reason}: the
     * leader's member, which no one else can declare gone.
     */
    void removeHere(String address, String reason) {
        removeHere(address, -1, reason);
    }

    /**
     * Removes incarnation {@code incarnation} at {@code address} (any, for -1), not this member, on this member's
     * own judgement, for {@code reason}: its process is gone, as a probe of its port found.
     */
    public void removeHere(String address, long incarnation, String reason) {
        List<MemberView.Change> changes;
        synchronized (this) {
            MemberInfo held = view.get(address);
            if (held == null || address.equals(self.getAddress())
                    || incarnation != -1 && held.getIncarnation() != incarnation) {
                return;
            }
            changes = apply(view.remove(MemberView.removal(held, reason)));
            judgedHere.put(address, held.getIncarnation());
        }
        notifyListener(changes);
    }

    /** Changes from the leader. */
    void applyDelta(DirectoryDelta delta) {
        List<MemberView.Change> changes = new ArrayList<>();
        synchronized (this) {
            delta.getUpsertedList().forEach(member -> changes.addAll(view.upsert(member)));
            delta.getRemovedList().forEach(removal -> changes.addAll(view.remove(removal)));
            apply(changes);
        }
        notifyListener(changes);
    }

    /**
     * This system's own entry changed (capabilities, or a new incarnation after it was declared gone): placement
     * sees it at once, before the leader echoes it.
     */
    public void updateSelf(MemberInfo member) {
        List<MemberView.Change> changes;
        synchronized (this) {
            if (member.getIncarnation() != self.getIncarnation()) {
                // The judgements of an incarnation declared gone had no other witnesses than its stopped actors:
                // the new one forgets them, and neither keeps nor reports those removals.
                judgedHere.forEach(view::forgetRemoval);
                judgedHere.clear();
            }
            self = member;
            changes = apply(view.upsert(member));
        }
        notifyListener(changes);
    }

    /** Updates placement and routing for {@code changes}, under the lock; returns them. */
    private List<MemberView.Change> apply(List<MemberView.Change> changes) {
        for (MemberView.Change change : changes) {
            MemberInfo member = change.member();
            switch (change.outcome()) {
                case JOINED, UPDATED, REFRESHED -> placement.upsert(new Candidate(member.getAddress(),
                        WireCapabilities.fromWire(member.getCapabilitiesMap()), member.getGeneration(),
                        member.getActorCount(), member.getMailboxBacklog()));
                case REMOVED -> placement.remove(member.getAddress());
                case STALE -> {
                }
            }
        }
        if (!changes.isEmpty()) {
            Map<String, Long> live = new HashMap<>();
            for (MemberInfo member : view.members()) {
                live.put(member.getAddress(), member.getIncarnation());
            }
            routing = new Routing(Map.copyOf(live), view.tombstones());
            notifyAll();
        }
        return changes;
    }

    private void notifyListener(List<MemberView.Change> changes) {
        String selfAddress;
        long selfIncarnation;
        synchronized (this) {
            selfAddress = self.getAddress();
            selfIncarnation = self.getIncarnation();
        }
        for (MemberView.Change change : changes) {
            MemberInfo member = change.member();
            boolean itself = member.getAddress().equals(selfAddress);
            switch (change.outcome()) {
                case JOINED, UPDATED -> {
                    if (!itself) {
                        listener.upserted(member, WireCapabilities.fromWire(member.getCapabilitiesMap()));
                    }
                }
                case REMOVED -> {
                    if (!itself) {
                        listener.removed(member.getAddress(),
                                new SystemIdentity(member.getAddress(), member.getIncarnation()).systemId(),
                                change.removal().getReason());
                    } else if (member.getIncarnation() == selfIncarnation) {
                        listener.declaredGone(change.removal().getReason());
                    }
                }
                case REFRESHED, STALE -> {
                }
            }
        }
    }

    /** The system for the request, or empty. */
    public synchronized Optional<Candidate> choose(PlacementRequest request) {
        return engine.choose(placement, request);
    }

    /** Why no system qualifies for the request. */
    public synchronized String refusal(PlacementRequest request) {
        return engine.refusal(placement, request);
    }

    /** Waits until the directory changes or {@code deadlineNanos} passes. */
    public synchronized void awaitChange(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - nanoTime.getAsLong();
        if (remaining > 0) {
            wait(Math.max(1, remaining / 1_000_000), 0);
        }
    }

    /** The identity of the live system at {@code address}, or {@code null}. */
    public String systemIdAt(String address) {
        Long incarnation = routing.live().get(address);
        return incarnation == null ? null : new SystemIdentity(address, incarnation).systemId();
    }

    /**
     * Why {@code systemId} is known to be gone (declared gone by the leader, or replaced by a newer incarnation
     * at the same address), or {@code null} when it is not. Reads without a lock: the send path calls it.
     */
    public String goneReason(String systemId) {
        SystemIdentity identity = SystemIdentity.parse(systemId);
        return identity == null ? "not a system identity: " + systemId : routing.goneReason(identity);
    }

    /** Every live system, this one included, as the status shows them. */
    public synchronized List<MemberStatus> members() {
        List<MemberStatus> all = new ArrayList<>();
        for (MemberInfo member : view.members()) {
            all.add(new MemberStatus(member.getAddress(), WireCapabilities.fromWire(member.getCapabilitiesMap()),
                    member.getGeneration(), member.getActorCount()));
        }
        all.sort(Comparator.comparing(MemberStatus::adminAddress));
        return all;
    }
}
