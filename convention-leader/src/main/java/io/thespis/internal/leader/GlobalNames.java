package io.thespis.internal.leader;

import io.thespis.proto.v1.NameBinding;

import java.util.HashMap;
import java.util.Map;

/**
 * The Convention's global names: which actor each one names. The first binding of a name wins; it is free again
 * when its actor exits (its member releases it) or its member is declared gone. Soft state: after a leader restart
 * members bind their live actors' names again. Bounded by {@link NameLimits}: in name length, in names per member
 * and in names in all. Not thread-safe: the leader serializes calls.
 */
final class GlobalNames {
    private final Map<String, NameBinding> byName = new HashMap<>();
    private final Map<String, Integer> countBySystem = new HashMap<>();

    /** The actor {@code name} names, or {@code null}; a name too long to be bound is refused as it would be. */
    NameBinding lookup(String name) {
        return byName.get(NameLimits.check(name));
    }

    /**
     * Binds {@code name} to the actor {@code actorId} of {@code system}, unless it is bound already; returns the
     * binding that holds.
     *
     * @throws IllegalArgumentException when the name is empty or too long
     * @throws IllegalStateException    when the Convention, or {@code system}, holds as many names as it may
     */
    NameBinding bind(String name, String system, long actorId) {
        NameLimits.check(name);
        NameBinding held = byName.get(name);
        if (held != null) {
            return held;
        }
        if (byName.size() >= NameLimits.MAX_NAMES) {
            throw new IllegalStateException("the Convention holds " + NameLimits.MAX_NAMES + " global names already; '"
                    + name + "' cannot be bound");
        }
        int heldBySystem = countBySystem.getOrDefault(system, 0);
        if (heldBySystem >= NameLimits.MAX_NAMES_PER_MEMBER) {
            throw new IllegalStateException("the actors of " + system + " hold " + NameLimits.MAX_NAMES_PER_MEMBER
                    + " global names already, as many as one member may; '" + name + "' cannot be bound");
        }
        NameBinding binding = NameBinding.newBuilder().setName(name).setSystem(system).setActorId(actorId).build();
        byName.put(name, binding);
        countBySystem.put(system, heldBySystem + 1);
        return binding;
    }

    /** Frees {@code name} if the actor {@code actorId} of {@code system} holds it. */
    void release(String name, String system, long actorId) {
        NameBinding held = byName.get(name);
        if (held != null && held.getSystem().equals(system) && held.getActorId() == actorId) {
            byName.remove(name);
            countBySystem.computeIfPresent(system, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Frees every name held by an actor of {@code system}, which is gone. */
    void systemGone(String system) {
        if (countBySystem.remove(system) != null) {
            byName.values().removeIf(binding -> binding.getSystem().equals(system));
        }
    }
}
