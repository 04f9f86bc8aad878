package io.thespis.actor;

/**
 * What happens to the running actors of a class when their system stops meeting the class's requirements (a
 * capability it needs was removed or changed by {@code updateCapability}); chosen with {@link OnCapabilityLoss}.
 */
public enum CapabilityLoss {
    /**
     * The actors are sent {@link ActorExitRequest}, from the system, and exit once they handled it; their parents
     * receive {@link ChildActorExited}. The default, as in Thespian.
     */
    STOP,
    /**
     * The actors keep running where they are, for example because they hold state that must not be lost, or can
     * work in a degraded way. New actors of the class are still placed only where the requirements hold.
     */
    KEEP
}
