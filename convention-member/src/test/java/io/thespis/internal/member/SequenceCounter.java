package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;

import java.util.List;

/**
 * A test actor that checks FIFO order: it counts {@link Numbered} messages and those out of sequence, and answers
 * a {@link ReportWhen} with {@code [received, outOfOrder]} once that many have arrived. Subclasses add the
 * requirements that place it.
 */
abstract class SequenceCounter extends Actor {
    /** The {@code sequence}-th message of one sender. */
    record Numbered(int sequence) {
    }

    /** Asks for the report once {@code total} messages arrived. */
    record ReportWhen(int total) {
    }

    private int next;
    private int outOfOrder;
    private ReportWhen pending;
    private ActorAddress asker;

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) throws Exception {
        if (message instanceof Numbered numbered) {
            outOfOrder += numbered.sequence() == next ? 0 : 1;
            next = numbered.sequence() + 1;
        } else if (message instanceof ReportWhen when) {
            pending = when;
            asker = sender;
        } else {
            other(message);
        }
        if (pending != null && next >= pending.total()) {
            send(asker, List.of(next, outOfOrder));
            pending = null;
        }
    }

    /** Any other message; ignored unless a subclass cares. */
    void other(Object message) throws Exception {
    }
}
