package io.thespis.internal.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Work that an actor's sends leave for the moment its handler returns: a networked system writes what a handler
 * sent to another process then, in one frame, on the worker that ran the handler, instead of waking a writer
 * thread for every message. Outside code and network threads are never deferred: their sends go at once.
 *
 * <p>At most {@link #MAX_DEFERRED_SENDS} sends wait: a handler that sends more gets them written as it goes, so
 * a long burst is neither held back nor kept in memory. A handler that sends and then computes for a long time
 * holds fewer than that many messages until it returns; the Thespian model promises nothing sooner.
 */
public final class EndOfHandler {
    /** Sends that may wait for the handler's end before the deferred work runs anyway. */
    static final int MAX_DEFERRED_SENDS = 256;

    private static final System.Logger LOG = System.getLogger(EndOfHandler.class.getName());

    /** Distinct tasks, in the order first deferred; a handler usually reaches one or two other processes. */
    private final List<Runnable> tasks = new ArrayList<>(4);
    private int deferredSends;

    EndOfHandler() {
    }

    /**
     * Runs {@code task} when the current actor handler returns, once however often it is deferred in that
     * handler (tasks are compared by identity, so a caller passes the same instance each time).
     *
     * @return whether it was deferred; {@code false} when the caller is not an actor worker, and must then do the
     *         work itself
     */
    public static boolean defer(Runnable task) {
        if (!(Thread.currentThread() instanceof ConcurrentDispatcher.Worker worker)) {
            return false;
        }
        worker.endOfHandler().add(task);
        return true;
    }

    /**
     * Runs now what the current handler deferred, if the caller is an actor worker: outside code called from a
     * handler sends at once, as outside code always does, and an ask must not wait on its own deferred request.
     */
    static void runNowOnWorker() {
        if (Thread.currentThread() instanceof ConcurrentDispatcher.Worker worker) {
            worker.endOfHandler().run();
        }
    }

    private void add(Runnable task) {
        if (!containsIdentical(task)) {
            tasks.add(task);
        }
        if (++deferredSends >= MAX_DEFERRED_SENDS) {
            run();
        }
    }

    private boolean containsIdentical(Runnable task) {
        for (Runnable each : tasks) {
            if (each == task) {
                return true;
            }
        }
        return false;
    }

    /** Runs and forgets what was deferred; called by the worker when a handler returned. */
    void run() {
        deferredSends = 0;
        if (tasks.isEmpty()) {
            return;
        }
        // A task may defer again (its own sends): copy first, so that those land in the next round.
        Runnable[] due = tasks.toArray(new Runnable[0]);
        tasks.clear();
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "work deferred to the end of an actor handler failed", e);
            }
        }
    }
}
