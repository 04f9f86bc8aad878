package io.thespis.internal.placement;

import java.util.Collection;

/**
 * {@link PlacementPolicy#SPREAD}: the {@code turn}-th qualifying system in the stable order. Exact round-robin
 * when few systems may qualify; over many, it walks the stable order from the {@code turn}-th system.
 */
final class SpreadPolicy implements PlacementPolicy {

    @Override
    public Candidate choose(Directory directory, Eligibility eligibility) {
        Collection<Directory.Entry> mayQualify = eligibility.mayQualify(directory);
        if (mayQualify.size() <= Eligibility.SCAN_LIMIT) {
            return eligibility.pickInTurn(eligibility.acceptedInStableOrder(mayQualify));
        }
        return eligibility.firstAcceptedFromTurn(directory.inStableOrder());
    }
}
