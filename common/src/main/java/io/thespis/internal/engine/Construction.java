package io.thespis.internal.engine;

import io.thespis.actor.ActorSystemException;

import java.util.function.Supplier;

/**
 * Not API: hands a new actor instance its context while its constructor runs, so that actor helpers work
 * from the constructor on and {@code new SomeActor()} outside {@code createActor} fails clearly.
 */
public final class Construction {
    private static final ThreadLocal<ActorContext> PENDING = new ThreadLocal<>();

    private Construction() {
    }

    /**
     * Takes the context of the actor being constructed on this thread.
     *
     * @throws ActorSystemException when no actor is being created here
     */
    public static ActorContext current(Class<?> actorClass) {
        ActorContext context = PENDING.get();
        if (context == null) {
            throw new ActorSystemException(actorClass.getName() + " is an Actor: create it with createActor("
                    + actorClass.getSimpleName() + ".class), not with new");
        }
        PENDING.remove();
        return context;
    }

    static <T> T construct(ActorContext context, Supplier<T> constructor) {
        ActorContext outer = PENDING.get();
        PENDING.set(context);
        try {
            return constructor.get();
        } finally {
            PENDING.set(outer);
        }
    }
}
