package io.thespis.internal.placement;

import io.thespis.internal.rules.ActorRequirements;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether a directory entry may host the actor of one request: not excluded, and every rule of its class holds.
 * Also the helpers the policies share to pick among several.
 */
final class Eligibility {
    /** Up to this many systems, a policy scans every one that may qualify instead of walking an order. */
    static final int SCAN_LIMIT = 256;

    private final PlacementRequest request;
    private final ActorRequirements rules;

    Eligibility(PlacementRequest request) {
        this.request = request;
        this.rules = request.rules();
    }

    PlacementRequest request() {
        return request;
    }

    ActorRequirements rules() {
        return rules;
    }

    boolean accepts(Directory.Entry entry) {
        return !request.excluded().contains(entry.candidate.address())
                && rules.accepts(entry.candidate.capabilities(), request.requirements());
    }

    /** The systems that may qualify, from the index: all of them when the class declares no requirement. */
    Collection<Directory.Entry> mayQualify(Directory directory) {
        Collection<Directory.Entry> narrowest = directory.narrowest(rules.required());
        return narrowest == null ? directory.inStableOrder() : narrowest;
    }

    /** The accepted ones of {@code entries}, in the stable order. */
    List<Directory.Entry> acceptedInStableOrder(Collection<Directory.Entry> entries) {
        List<Directory.Entry> accepted = new ArrayList<>();
        for (Directory.Entry entry : entries) {
            if (accepts(entry)) {
                accepted.add(entry);
            }
        }
        accepted.sort(Directory.STABLE_ORDER);
        return accepted;
    }

    /** The {@code turn}-th of equally good choices (in the stable order), so that they share the work evenly. */
    Candidate pickInTurn(List<Directory.Entry> equallyGood) {
        return equallyGood.isEmpty() ? null
                : equallyGood.get(Math.floorMod(request.turn(), equallyGood.size())).candidate;
    }

    /**
     * The first accepted entry of {@code ordered}, starting at the {@code turn}-th and wrapping around, or
     * {@code null}.
     */
    Candidate firstAcceptedFromTurn(List<Directory.Entry> ordered) {
        int size = ordered.size();
        int start = Math.floorMod(request.turn(), size);
        for (int i = 0; i < size; i++) {
            Directory.Entry entry = ordered.get((start + i) % size);
            if (accepts(entry)) {
                return entry.candidate;
            }
        }
        return null;
    }
}
