package io.thespis.actor;

/**
 * Not API: the bridge the engine in {@code io.thespis.internal} uses to reach package-private parts of the
 * public types. Application code must not call it; it may change in any release.
 */
public final class InternalAccess {
    private InternalAccess() {
    }

    /** Delivers one message to the actor instance. */
    public static void receive(Actor actor, Object message, ActorAddress sender) throws Exception {
        actor.receiveMessage(message, sender);
    }

    /** A new address owned by this process, delivering to {@code localRoute}. */
    public static ActorAddress localAddress(String system, long actorId, Object localRoute) {
        return new ActorAddress(system, actorId, localRoute);
    }

    /** The local route the address was created with, or {@code null} for an address decoded from elsewhere. */
    public static Object localRoute(ActorAddress address) {
        return address.localRoute();
    }
}
