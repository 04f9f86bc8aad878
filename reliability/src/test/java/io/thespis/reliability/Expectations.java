package io.thespis.reliability;

import java.time.Duration;

/**
 * What a scenario's fault makes the issue require beyond the checks every scenario gets (no permanent cut, no
 * silent loss, bounded heap).
 *
 * @param faulty    the member the fault hits (from 1; 1 is the leader)
 * @param detection how fast the other members must stop listing it
 * @param cutOff    whether it is cut off while alive, and so must notice its own isolation (and the leader's loss)
 * @param oneWayTo  the member that {@code faulty}'s packets no longer reach (a one-way cut), or 0: both ends must
 *                  notice the cut link within {@link #NOTICE_BOUND}
 */
record Expectations(int faulty, Detection detection, boolean cutOff, int oneWayTo) {

    Expectations(int faulty, Detection detection, boolean cutOff) {
        this(faulty, detection, cutOff, 0);
    }

    /** How fast a fault must be detected. */
    enum Detection {
        /** A killed process: within 100 ms. */
        KILLED(Duration.ofMillis(100)),
        /** A frozen or cut-off member: within 3 s. */
        FROZEN_OR_CUT_OFF(Duration.ofSeconds(3)),
        /** The member is not to be dropped (a one-way cut, a flapping or slow link): recorded only. */
        RECORDED_ONLY(null);

        private final Duration bound;

        Detection(Duration bound) {
            this.bound = bound;
        }

        /** The bound; {@code null} when none is required. */
        Duration bound() {
            return bound;
        }
    }

    /** How fast every member must notice its own isolation, the leader's loss, and a link cut one way. */
    static final Duration NOTICE_BOUND = Duration.ofSeconds(3);
    /**
     * How soon after its start the fresh round of flows on every ordered pair must arrive whole (after the heal):
     * "a few seconds", the rest of the 2 s convergence plus a flow's own half second.
     */
    static final Duration PAIRS_BOUND = Duration.ofSeconds(3);
    /** How soon after the heal every directory must be whole and identical. */
    static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(2);
    /** The most heap a member may keep live (after a full collection) at the end; half its {@code -Xmx256m}. */
    static final long HEAP_BOUND_BYTES = 128L << 20;
}
