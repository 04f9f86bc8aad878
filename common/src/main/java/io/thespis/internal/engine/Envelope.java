package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One message on its way to an actor, and at the same time the node of the {@link Mailbox} it waits in, so a
 * send allocates one object.
 */
final class Envelope {
    static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Object message;
    ActorAddress sender;
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile Envelope next;

    Envelope(Object message, ActorAddress sender) {
        this.message = message;
        this.sender = sender;
    }

    /** Drops the references once handled, so a consumed node keeps nothing alive. */
    void clear() {
        message = null;
        sender = null;
    }
}
