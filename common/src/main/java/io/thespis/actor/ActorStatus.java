package io.thespis.actor;

import java.util.List;

/**
 * A snapshot of one live actor, as {@link ActorSystem#actorStatus(ActorAddress)} reads it and as
 * {@link SystemStatus#actors()} lists them. The counts are read while the actor runs, each at its own moment.
 *
 * @param address           the actor's address
 * @param actorClass        its class's fully qualified name
 * @param sourceHash        the loaded source its class came from, or {@code null} for the classpath
 * @param globalName        its global name, or {@code null}
 * @param mailboxDepth      messages waiting in its mailbox
 * @param messagesHandled   messages it has handled since it was created, across restarts
 * @param restarts          how often it was restarted after an exception in {@code receiveMessage}
 * @param childCount        how many of the actors it created are alive, as far as it knows
 * @param children          their addresses, at most {@link #CHILDREN_LISTED} of them
 * @param pendingWakeups    its {@code wakeupAfter} requests not yet delivered
 * @param deadLetterHandler whether it is its system's dead-letter handler
 */
public record ActorStatus(ActorAddress address, String actorClass, String sourceHash, String globalName,
                          long mailboxDepth, long messagesHandled, int restarts, int childCount,
                          List<ActorAddress> children, int pendingWakeups, boolean deadLetterHandler) {
    /** The most children one status lists; {@link #childCount()} counts them all. */
    public static final int CHILDREN_LISTED = 100;

    /** Keeps an immutable copy of the children. */
    public ActorStatus {
        children = List.copyOf(children);
    }
}
