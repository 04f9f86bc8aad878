package io.thespis.internal.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@link PlacementPolicy#LEAST_LOADED}. Without preferences it needs no full scan: when few systems may qualify
 * it scans those; otherwise it walks the load groups from the least loaded and stops at the first system that
 * qualifies, so a decision costs about (systems / qualifying systems) checks whatever the Convention's size.
 * Preferences make it score every system that may qualify.
 */
final class LeastLoadedPolicy implements PlacementPolicy {

    @Override
    public Candidate choose(Directory directory, Eligibility eligibility) {
        Directory.Entry local = directory.entry(eligibility.request().localAddress());
        if (local != null && eligibility.accepts(local)) {
            return local.candidate;
        }
        Collection<Directory.Entry> mayQualify = eligibility.mayQualify(directory);
        if (!eligibility.rules().preferences().isEmpty() || mayQualify.size() <= Eligibility.SCAN_LIMIT) {
            return best(mayQualify, eligibility);
        }
        for (List<Directory.Entry> sameLoad : directory.byLoadAscending()) {
            Candidate found = eligibility.firstAcceptedFromTurn(sameLoad);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Highest score, then least load, then in turn among the equal ones. */
    private static Candidate best(Collection<Directory.Entry> entries, Eligibility eligibility) {
        List<Directory.Entry> equallyGood = new ArrayList<>();
        int bestScore = Integer.MIN_VALUE;
        long bestLoad = Long.MAX_VALUE;
        for (Directory.Entry entry : entries) {
            if (!eligibility.accepts(entry)) {
                continue;
            }
            int score = eligibility.rules().preferenceScore(entry.candidate.capabilities());
            long load = entry.candidate.load();
            if (score > bestScore || score == bestScore && load < bestLoad) {
                bestScore = score;
                bestLoad = load;
                equallyGood.clear();
            }
            if (score == bestScore && load == bestLoad) {
                equallyGood.add(entry);
            }
        }
        equallyGood.sort(Directory.STABLE_ORDER);
        return eligibility.pickInTurn(equallyGood);
    }
}
