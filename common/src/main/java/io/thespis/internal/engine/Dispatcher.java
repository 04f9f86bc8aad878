package io.thespis.internal.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs actor turns and timers: the one part that differs between the sequential and the concurrent base.
 */
interface Dispatcher {
    /** Arranges for {@code cell} to run a turn; called once per transition from idle to scheduled. */
    void schedule(ActorCell cell);

    /** Runs {@code task} once {@code delay} has passed (it delivers a message, so it must not block). */
    void runAfter(Duration delay, Runnable task);

    /**
     * Called before outside code sends a message ({@code tell}, {@code ask}): the sequential base first delivers
     * the wakeups already due, as Thespian's simple base does, so that they come before that message, between the
     * previous call and this one. The concurrent base delivered them when they came due.
     */
    void beforeOutsideSend();

    /** Called after outside code sent a message: the sequential base runs everything that is pending. */
    void afterOutsideSend();

    /** How soon a reply is likely, which decides how a caller waiting for it spends the wait before it parks. */
    enum ReplyExpected {
        /** From an actor of this process, within microseconds: a brief spin beats a park and a wakeup. */
        LOCAL,
        /**
         * From another process, within a network round trip: the caller spins longer, yielding its core to any
         * other thread that can run, since those are the threads that carry the reply.
         */
        REMOTE,
        /** Not soon (shutdown, a source's validation): the caller parks at once. */
        LATER
    }

    /**
     * Waits until {@code reply} completes or {@code timeoutNanos} pass, running actors meanwhile when the base
     * runs them on the caller's thread.
     */
    void await(CompletableFuture<?> reply, long timeoutNanos, ReplyExpected expected);

    /**
     * Completes {@code reply} with {@code null} after {@code timeoutNanos} unless something completes it first
     * (the sequential base runs actors until then before returning).
     */
    CompletableFuture<Object> awaitAsync(CompletableFuture<Object> reply, long timeoutNanos);

    /** Stops every thread; pending timers are dropped. */
    void close();
}
