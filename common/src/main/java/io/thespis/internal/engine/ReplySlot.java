package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;

import java.util.concurrent.CompletableFuture;

/**
 * Where one {@code ask}'s reply lands: the first message sent to its address is the reply (Thespian's rule: any
 * message counts); whatever comes after it while the ask waits goes to the outside inbox, and once the ask has
 * ended the engine routes its address to that inbox itself ({@link OutsideIds}), so nothing is lost. The system's
 * own messages are not replies ({@link Replies}).
 */
final class ReplySlot implements Recipient {
    private final CompletableFuture<Object> reply = new CompletableFuture<>();
    private final Recipient lateReplies;

    ReplySlot(Recipient lateReplies) {
        this.lateReplies = lateReplies;
    }

    CompletableFuture<Object> reply() {
        return reply;
    }

    @Override
    public void deliver(Object message, ActorAddress sender) {
        if (!Replies.count(message)) {
            OutsideInbox.dropped(message, sender);
            return;
        }
        if (!reply.complete(message)) {
            lateReplies.deliver(message, sender);
        }
    }

    /** Ends the wait: the reply if it came, else {@code null}; anything later counts as late. */
    Object close() {
        reply.complete(null);
        return reply.join();
    }
}
