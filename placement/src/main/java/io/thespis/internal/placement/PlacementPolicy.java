package io.thespis.internal.placement;

/**
 * How to choose among the systems that qualify for an actor. Implementations live in this package, next to the
 * directory indexes they use.
 */
public interface PlacementPolicy {
    /**
     * The default: the deciding system itself when it qualifies (Thespian's rule), else the highest preference
     * score, then the least loaded, then equal systems in turn.
     */
    PlacementPolicy LEAST_LOADED = new LeastLoadedPolicy();

    /** Round-robin among the systems that qualify, ignoring load, preferences and locality. */
    PlacementPolicy SPREAD = new SpreadPolicy();

    /** The chosen system, or {@code null} when none qualifies. */
    Candidate choose(Directory directory, Eligibility eligibility);
}
