package io.thespis.actor;

import java.util.Objects;

/**
 * The address of an actor: the only way to reach it. Keep it, pass it in messages, send to it.
 *
 * <p>An address is opaque to actor code. It names the system that owns the actor and the actor's number in
 * that system, so two addresses of the same actor are {@code equal} anywhere in the Convention, and it
 * crosses hosts inside messages. {@link #toString()} is readable, for logs.
 */
public final class ActorAddress {
    private final String system;
    private final long actorId;
    /** Where the owning system delivers locally; never part of equality, never sent anywhere. */
    private final transient Object localRoute;

    ActorAddress(String system, long actorId, Object localRoute) {
        this.system = Objects.requireNonNull(system, "system");
        this.actorId = actorId;
        this.localRoute = localRoute;
    }

    /**
     * The address of actor {@code actorId} of the system identified by {@code system}, as decoded from the
     * wire or from a message.
     */
    public static ActorAddress of(String system, long actorId) {
        if (system.isEmpty()) {
            throw new IllegalArgumentException("ActorAddress system must not be empty");
        }
        return new ActorAddress(system, actorId, null);
    }

    /** The identity of the system that owns this actor (its advertised address and incarnation). */
    public String system() {
        return system;
    }

    /** The actor's number within its system. */
    public long actorId() {
        return actorId;
    }

    Object localRoute() {
        return localRoute;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActorAddress that && actorId == that.actorId && system.equals(that.system);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(actorId) * 31 + system.hashCode();
    }

    @Override
    public String toString() {
        return "ActorAddr-(" + system + "#" + actorId + ")";
    }
}
