package io.thespis.actor;

/**
 * No system qualified to host the actor: its {@link RequireCapability} annotations or its
 * {@code actorSystemCapabilityCheck} method refused every system considered. The message names the actor
 * class, the unmet requirements and how many systems were considered. There is never a silent fallback to a
 * system that does not qualify.
 */
public class NoCompatibleSystemForActor extends ActorSystemException {
    private static final long serialVersionUID = 1L;

    /** A placement failure described by {@code message}. */
    public NoCompatibleSystemForActor(String message) {
        super(message);
    }
}
