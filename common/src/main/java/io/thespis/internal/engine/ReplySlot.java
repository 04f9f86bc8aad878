package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where one {@code ask}'s reply lands: the first message sent to its address is the reply (Thespian's rule: any
 * message counts); whatever comes after it while the ask waits goes to the outside inbox, and once the ask has
 * ended the engine routes its address to that inbox itself ({@link OutsideIds}), so nothing is lost. The system's
 * own messages are not replies ({@link Replies}). When the ask's message cannot be delivered, the ask fails with
 * {@link ActorGoneException} at once.
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

    /** The ask's message cannot be delivered: the ask fails with {@link ActorGoneException}. */
    @Override
    public void askFailed(ActorAddress target, String reason) {
        reply.completeExceptionally(new ActorGoneException(target, reason));
    }

    /** Ends the wait, whatever came; anything later counts as late. */
    void release() {
        reply.complete(null);
    }

    /**
     * Ends the wait: the reply if it came, else {@code null}; anything later counts as late.
     *
     * @throws ActorGoneException when the ask's message could not be delivered
     */
    Object close() {
        release();
        try {
            return reply.join();
        } catch (CompletionException failed) {
            ActorGoneException gone = (ActorGoneException) failed.getCause();
            // Thrown anew so that its stack trace is the caller's, not that of the thread which found out.
            throw new ActorGoneException(gone.address(), gone.reason());
        }
    }
}
