package io.thespis.internal.member;

import io.thespis.actor.MemberStatus;
import io.thespis.internal.placement.Candidate;
import io.thespis.internal.placement.Directory;
import io.thespis.internal.placement.PlacementEngine;
import io.thespis.internal.placement.PlacementPolicy;
import io.thespis.internal.placement.PlacementRequest;
import io.thespis.proto.v1.DirectoryDelta;
import io.thespis.proto.v1.MemberInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A member's cached view of the Convention: every live system with its capabilities and load, fed by the
 * leader's snapshot and deltas, and kept while the leader is away. Placement decides over it without the
 * leader; routing asks it whether a system is gone. Thread-safe: one lock, held briefly.
 *
 * <p>A snapshot after the leader came back may lack members that have not re-registered yet: they leave
 * placement at once but are only declared gone if they are still missing after the grace period.
 */
final class MemberDirectory {
    /** What the member does when the Convention changes. */
    interface Listener {
        /** A system joined or changed its capabilities. */
        void upserted(MemberInfo member, Map<String, Object> capabilities);

        /** A system is gone; {@code systemId} is its identity. */
        void removed(String address, String systemId);
    }

    private static final int GONE_SYSTEMS_REMEMBERED = 10_000;

    private final String selfAddress;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final long graceNanos;
    private final PlacementEngine engine = new PlacementEngine(PlacementPolicy.LEAST_LOADED);
    private final Directory placement = new Directory();
    private final Map<String, MemberInfo> members = new HashMap<>();
    private final Map<String, Long> unconfirmedSince = new HashMap<>();
    private final Set<String> goneSystems = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > GONE_SYSTEMS_REMEMBERED;
        }
    });

    MemberDirectory(MemberInfo self, Listener listener, LongSupplier nanoTime, long graceNanos) {
        this.selfAddress = self.getAddress();
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.graceNanos = graceNanos;
        upsert(self);
    }

    /** The whole directory from the leader. */
    synchronized void applySnapshot(List<MemberInfo> snapshot) {
        Set<String> present = new HashSet<>();
        for (MemberInfo member : snapshot) {
            present.add(member.getAddress());
            upsert(member);
        }
        long now = nanoTime.getAsLong();
        for (String address : new ArrayList<>(members.keySet())) {
            if (!present.contains(address) && !address.equals(selfAddress)) {
                unconfirmedSince.putIfAbsent(address, now);
                placement.remove(address);
            }
        }
        notifyAll();
    }

    /** Changes from the leader. */
    synchronized void applyDelta(DirectoryDelta delta) {
        delta.getUpsertedList().forEach(this::upsert);
        for (String address : delta.getRemovedList()) {
            remove(address);
        }
        notifyAll();
    }

    /** This system's own capabilities changed: placement sees it at once, before the leader echoes it. */
    synchronized void updateSelf(MemberInfo self) {
        upsert(self);
        notifyAll();
    }

    /** Declares gone the members a snapshot lacked and that did not come back within the grace period. */
    synchronized void expireUnconfirmed() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Long> entry : new ArrayList<>(unconfirmedSince.entrySet())) {
            if (now - entry.getValue() >= graceNanos) {
                remove(entry.getKey());
            }
        }
    }

    private void upsert(MemberInfo member) {
        String address = member.getAddress();
        MemberInfo held = members.get(address);
        if (held != null && member.getIncarnation() < held.getIncarnation()) {
            return;
        }
        if (held != null && member.getIncarnation() > held.getIncarnation()) {
            remove(address);
            held = null;
        }
        unconfirmedSince.remove(address);
        Map<String, Object> capabilities = WireCapabilities.fromWire(member.getCapabilitiesMap());
        boolean capabilitiesChanged = held == null || member.getGeneration() > held.getGeneration();
        if (held != null && member.getGeneration() < held.getGeneration()) {
            member = held.toBuilder().setActorCount(member.getActorCount())
                    .setMailboxBacklog(member.getMailboxBacklog()).build();
        }
        members.put(address, member);
        placement.upsert(new Candidate(address, capabilities, member.getGeneration(), member.getActorCount(),
                member.getMailboxBacklog()));
        if (capabilitiesChanged && !address.equals(selfAddress)) {
            listener.upserted(member, capabilities);
        }
    }

    private void remove(String address) {
        unconfirmedSince.remove(address);
        MemberInfo gone = members.remove(address);
        placement.remove(address);
        if (gone != null && !address.equals(selfAddress)) {
            String systemId = new SystemIdentity(address, gone.getIncarnation()).systemId();
            goneSystems.add(systemId);
            listener.removed(address, systemId);
        }
    }

    /** The system for the request, or empty. */
    synchronized Optional<Candidate> choose(PlacementRequest request) {
        return engine.choose(placement, request);
    }

    /** Why no system qualifies for the request. */
    synchronized String refusal(PlacementRequest request) {
        return engine.refusal(placement, request);
    }

    /** Waits until the directory changes or {@code deadlineNanos} passes. */
    synchronized void awaitChange(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - nanoTime.getAsLong();
        if (remaining > 0) {
            wait(Math.max(1, remaining / 1_000_000), 0);
        }
    }

    /** The identity of the live system at {@code address}, or {@code null}. */
    synchronized String systemIdAt(String address) {
        MemberInfo member = members.get(address);
        return member == null ? null : new SystemIdentity(address, member.getIncarnation()).systemId();
    }

    /**
     * Whether {@code systemId} is known to be gone: declared gone by the leader, or replaced by a newer
     * incarnation at the same address.
     */
    synchronized boolean isGone(String systemId) {
        if (goneSystems.contains(systemId)) {
            return true;
        }
        SystemIdentity identity = SystemIdentity.parse(systemId);
        if (identity == null) {
            return true;
        }
        MemberInfo live = members.get(identity.address());
        return live != null && live.getIncarnation() > identity.incarnation();
    }

    /**
     * Every live system, this one included, as the status shows them: those placement may choose, so not the
     * ones a snapshot lacked and that have not come back yet.
     */
    synchronized List<MemberStatus> members() {
        List<MemberStatus> all = new ArrayList<>();
        for (MemberInfo member : members.values()) {
            if (unconfirmedSince.containsKey(member.getAddress())) {
                continue;
            }
            all.add(new MemberStatus(member.getAddress(), WireCapabilities.fromWire(member.getCapabilitiesMap()),
                    member.getGeneration(), member.getActorCount()));
        }
        all.sort(java.util.Comparator.comparing(MemberStatus::adminAddress));
        return all;
    }
}
