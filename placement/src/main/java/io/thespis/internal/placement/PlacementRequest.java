package io.thespis.internal.placement;

import io.thespis.internal.rules.ActorRequirements;

import java.util.Map;
import java.util.Set;

/**
 * One placement question: where may an actor of a class go.
 *
 * @param actorClass   the class to place
 * @param requirements the creator's requirements, for the class's check method
 * @param localAddress the address of the deciding system, preferred when it qualifies; {@code null} for none
 * @param excluded     addresses not to choose (they refused already)
 * @param turn         the caller's running count of decisions, which spreads equal choices evenly
 */
public record PlacementRequest(Class<?> actorClass, Map<String, Object> requirements, String localAddress,
                               Set<String> excluded, long turn) {
    /** Keeps immutable copies. */
    public PlacementRequest {
        requirements = Map.copyOf(requirements);
        excluded = Set.copyOf(excluded);
    }

    /** A first attempt: nothing excluded. */
    public static PlacementRequest of(Class<?> actorClass, Map<String, Object> requirements, String localAddress,
                                      long turn) {
        return new PlacementRequest(actorClass, requirements, localAddress, Set.of(), turn);
    }

    /** The same question once {@code refusedBy} refused. */
    public PlacementRequest excluding(String refusedBy) {
        Set<String> more = new java.util.HashSet<>(excluded);
        more.add(refusedBy);
        return new PlacementRequest(actorClass, requirements, localAddress, more, turn);
    }

    ActorRequirements rules() {
        return ActorRequirements.of(actorClass);
    }
}
