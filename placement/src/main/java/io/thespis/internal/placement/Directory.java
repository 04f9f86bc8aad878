package io.thespis.internal.placement;

import io.thespis.internal.rules.CapabilityRequirement;
import io.thespis.internal.rules.Truthiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The systems of a Convention, indexed for placement: by capability key (present, truthy, and by string value),
 * by load, and in a stable hash order. An update touches only the indexes of the one system it concerns, so
 * its cost does not grow with the number of systems.
 *
 * <p>Not thread-safe: its owner serialises updates and decisions.
 */
public final class Directory {
    /** The stable order of systems: by a hash of the address, then by the address itself. */
    static final Comparator<Entry> STABLE_ORDER =
            Comparator.comparingLong((Entry e) -> e.hash).thenComparing(e -> e.candidate.address());

    /** One system and its index keys. */
    static final class Entry {
        final long hash;
        Candidate candidate;

        Entry(Candidate candidate) {
            this.hash = stableHash(candidate.address());
            this.candidate = candidate;
        }
    }

    private final Map<String, Entry> byAddress = new HashMap<>();
    private final Map<String, Set<Entry>> present = new HashMap<>();
    private final Map<String, Set<Entry>> truthy = new HashMap<>();
    private final Map<String, Map<String, Set<Entry>>> byValue = new HashMap<>();
    private final NavigableMap<Long, List<Entry>> byLoad = new TreeMap<>();
    private final List<Entry> byHash = new ArrayList<>();

    /**
     * Adds or updates a system. A lower generation than the one held is stale and ignored; the same generation
     * updates the load only.
     *
     * @return whether the directory changed
     */
    public boolean upsert(Candidate candidate) {
        Entry entry = byAddress.get(candidate.address());
        if (entry == null) {
            entry = new Entry(candidate);
            byAddress.put(candidate.address(), entry);
            insertSorted(byHash, entry);
            indexCapabilities(entry);
            insertSorted(byLoad.computeIfAbsent(candidate.load(), l -> new ArrayList<>()), entry);
            return true;
        }
        Candidate held = entry.candidate;
        if (candidate.generation() < held.generation()) {
            return false;
        }
        if (candidate.generation() > held.generation()) {
            unindexCapabilities(entry);
            entry.candidate = candidate;
            indexCapabilities(entry);
        } else {
            entry.candidate = held.withLoad(candidate.actorCount(), candidate.mailboxBacklog());
        }
        moveLoad(entry, held.load());
        return true;
    }

    /**
     * Updates the load of a system.
     *
     * @return whether the system is known
     */
    public boolean updateLoad(String address, int actorCount, long mailboxBacklog) {
        Entry entry = byAddress.get(address);
        if (entry == null) {
            return false;
        }
        long previous = entry.candidate.load();
        entry.candidate = entry.candidate.withLoad(actorCount, mailboxBacklog);
        moveLoad(entry, previous);
        return true;
    }

    /**
     * Removes a system.
     *
     * @return whether it was there
     */
    public boolean remove(String address) {
        Entry entry = byAddress.remove(address);
        if (entry == null) {
            return false;
        }
        unindexCapabilities(entry);
        removeSorted(byHash, entry);
        removeFromLoad(entry, entry.candidate.load());
        return true;
    }

    /** The system at {@code address}, or {@code null}. */
    public Candidate get(String address) {
        Entry entry = byAddress.get(address);
        return entry == null ? null : entry.candidate;
    }

    /** How many systems there are. */
    public int size() {
        return byAddress.size();
    }

    /** Every system, in the stable order. */
    public List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>(byHash.size());
        for (Entry entry : byHash) {
            all.add(entry.candidate);
        }
        return all;
    }

    Entry entry(String address) {
        return address == null ? null : byAddress.get(address);
    }

    List<Entry> inStableOrder() {
        return byHash;
    }

    /** The systems grouped by load, least loaded first, each group in the stable order. */
    Collection<List<Entry>> byLoadAscending() {
        return byLoad.values();
    }

    /**
     * The smallest set of systems that can meet every one of {@code required}, from the index: {@code null}
     * when there is no requirement (every system can), empty when one of them is met nowhere.
     */
    Collection<Entry> narrowest(List<CapabilityRequirement> required) {
        Collection<Entry> narrowest = null;
        for (CapabilityRequirement requirement : required) {
            Collection<Entry> posting = posting(requirement);
            if (posting.isEmpty()) {
                return posting;
            }
            if (narrowest == null || posting.size() < narrowest.size()) {
                narrowest = posting;
            }
        }
        return narrowest;
    }

    private Collection<Entry> posting(CapabilityRequirement requirement) {
        Set<Entry> found;
        if (requirement.equalTo() != null) {
            found = byValue.getOrDefault(requirement.name(), Map.of()).get(requirement.equalTo());
        } else if (requirement.atLeast() != null) {
            found = present.get(requirement.name());
        } else {
            found = truthy.get(requirement.name());
        }
        return found == null ? Collections.emptySet() : found;
    }

    private void indexCapabilities(Entry entry) {
        for (Map.Entry<String, Object> capability : entry.candidate.capabilities().entrySet()) {
            String key = capability.getKey();
            present.computeIfAbsent(key, k -> new HashSet<>()).add(entry);
            if (Truthiness.isTruthy(capability.getValue())) {
                truthy.computeIfAbsent(key, k -> new HashSet<>()).add(entry);
            }
            byValue.computeIfAbsent(key, k -> new HashMap<>())
                    .computeIfAbsent(String.valueOf(capability.getValue()), v -> new HashSet<>()).add(entry);
        }
    }

    private void unindexCapabilities(Entry entry) {
        for (Map.Entry<String, Object> capability : entry.candidate.capabilities().entrySet()) {
            String key = capability.getKey();
            removeFromPosting(present, key, entry);
            removeFromPosting(truthy, key, entry);
            Map<String, Set<Entry>> values = byValue.get(key);
            if (values != null) {
                removeFromPosting(values, String.valueOf(capability.getValue()), entry);
                if (values.isEmpty()) {
                    byValue.remove(key);
                }
            }
        }
    }

    private static void removeFromPosting(Map<String, Set<Entry>> postings, String key, Entry entry) {
        Set<Entry> posting = postings.get(key);
        if (posting != null && posting.remove(entry) && posting.isEmpty()) {
            postings.remove(key);
        }
    }

    private void moveLoad(Entry entry, long previousLoad) {
        if (previousLoad != entry.candidate.load()) {
            removeFromLoad(entry, previousLoad);
            insertSorted(byLoad.computeIfAbsent(entry.candidate.load(), l -> new ArrayList<>()), entry);
        }
    }

    private void removeFromLoad(Entry entry, long load) {
        List<Entry> bucket = byLoad.get(load);
        removeSorted(bucket, entry);
        if (bucket.isEmpty()) {
            byLoad.remove(load);
        }
    }

    private static void insertSorted(List<Entry> list, Entry entry) {
        int at = Collections.binarySearch(list, entry, STABLE_ORDER);
        list.add(at < 0 ? -at - 1 : at, entry);
    }

    private static void removeSorted(List<Entry> list, Entry entry) {
        int at = Collections.binarySearch(list, entry, STABLE_ORDER);
        if (at >= 0) {
            list.remove(at);
        }
    }

    /** FNV-1a over the address, finished with a 64-bit mixer: the same in every JVM, well spread. */
    static long stableHash(String address) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < address.length(); i++) {
            hash = (hash ^ address.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }
}
