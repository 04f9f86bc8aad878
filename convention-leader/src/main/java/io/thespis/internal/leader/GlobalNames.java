package io.thespis.internal.leader;

import io.thespis.proto.v1.NameBinding;

import java.util.HashMap;
import java.util.Map;

/**
 * The Convention's global names: which actor each one names. The first binding of a name wins; it is free again
 * when its actor exits (its member releases it) or its member is declared gone. Soft state: after a leader restart
 * members bind their live actors' names again. Bounded in count and name length. Not thread-safe: the leader
 * serializes calls.
 */
final class GlobalNames {
    /** Names held at most. */
    static final int MAX_NAMES = 100_000;
    /** Characters per name at most. */
    static final int MAX_NAME_LENGTH = 256;

    private final Map<String, NameBinding> byName = new HashMap<>();

    /** The actor {@code name} names, or {@code null}. */
    NameBinding lookup(String name) {
        return byName.get(name);
    }

    /**
     * Binds {@code name} to the actor {@code actorId} of {@code system}, unless it is bound already; returns the
     * binding that holds.
     *
     * @throws IllegalArgumentException when the name is empty or too long
     * @throws IllegalStateException    when the Convention holds {@link #MAX_NAMES} names already
     */
    NameBinding bind(String name, String system, long actorId) {
        check(name);
        NameBinding held = byName.get(name);
        if (held != null) {
            return held;
        }
        if (byName.size() >= MAX_NAMES) {
            throw new IllegalStateException("the Convention holds " + MAX_NAMES + " global names already; '" + name
                    + "' cannot be bound");
        }
        NameBinding binding = NameBinding.newBuilder().setName(name).setSystem(system).setActorId(actorId).build();
        byName.put(name, binding);
        return binding;
    }

    /** Frees {@code name} if the actor {@code actorId} of {@code system} holds it. */
    void release(String name, String system, long actorId) {
        NameBinding held = byName.get(name);
        if (held != null && held.getSystem().equals(system) && held.getActorId() == actorId) {
            byName.remove(name);
        }
    }

    /** Frees every name held by an actor of {@code system}, which is gone. */
    void systemGone(String system) {
        byName.values().removeIf(binding -> binding.getSystem().equals(system));
    }

    private static void check(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a global name must have 1 to " + MAX_NAME_LENGTH + " characters, got "
                    + name.length());
        }
    }
}
