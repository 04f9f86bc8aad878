package io.thespis.internal.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The concurrent base: a fixed pool of worker threads shared by every actor (a work-stealing pool in FIFO
 * mode, as Pekko's default dispatcher) and one timer thread. An actor scheduled from a worker goes onto that
 * worker's own queue, with no lock and no allocation.
 */
final class ConcurrentDispatcher implements Dispatcher {
    private static final System.Logger LOG = System.getLogger(ConcurrentDispatcher.class.getName());
    private static final long TERMINATION_WAIT_SECONDS = 10;
    /** How long a caller waiting for a reply from this process spins before it parks. */
    private static final long LOCAL_REPLY_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /**
     * How long a caller waiting for a reply from another process spins, yielding, before it parks: about a round
     * trip on a LAN. Measured with a remote ask on 2 cores (RemoteDriver's ask), parking at once cost 40-60 µs of
     * a 170 µs median (the wakeup of a parked thread on this machine) and spinning without yielding doubled the
     * p99 (the spinner held a core the reply's threads needed); yielding took the median to 110-125 µs and the
     * p99 from 350 to under 300 µs.
     */
    private static final long REMOTE_REPLY_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

    private final ForkJoinPool workers;
    private final ScheduledThreadPoolExecutor timer;
    /** Every thread this dispatcher started, joined on close so that none outlives the system. */
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    ConcurrentDispatcher(String systemName, int threads) {
        AtomicInteger workerNumber = new AtomicInteger();
        this.workers = new ForkJoinPool(threads, pool -> {
            Worker thread = new Worker(pool);
            thread.setName("thespis-" + threadTag(systemName) + "-worker-" + workerNumber.incrementAndGet());
            this.threads.add(thread);
            return thread;
        }, (thread, error) -> LOG.log(Level.ERROR, "actor worker " + thread.getName() + " failed", error), true);
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "thespis-" + threadTag(systemName) + "-timer");
            thread.setDaemon(true);
            this.threads.add(thread);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A thread that runs actor turns, with what the handler it runs left for its end. */
    static final class Worker extends ForkJoinWorkerThread {
        private final EndOfHandler endOfHandler = new EndOfHandler();

        Worker(ForkJoinPool pool) {
            super(pool);
        }

        EndOfHandler endOfHandler() {
            return endOfHandler;
        }
    }

    /** The system's identity without characters that make thread names hard to read. */
    private static String threadTag(String systemName) {
        return systemName.replaceAll("[^A-Za-z0-9.:@-]", "_");
    }

    @Override
    public void schedule(ActorCell cell) {
        try {
            if (Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == workers) {
                cell.fork();
            } else {
                workers.execute(cell);
            }
        } catch (RejectedExecutionException afterShutdown) {
            // The system is closed: the message stays undelivered, as every message to a stopped system.
        }
    }

    @Override
    public void runAfter(Duration delay, Runnable task) {
        try {
            timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException afterShutdown) {
            // Timers die with the system.
        }
    }

    @Override
    public void beforeOutsideSend() {
        // The timer thread delivers every wakeup as it comes due.
    }

    @Override
    public void afterOutsideSend() {
        // Workers run what was sent; only outside code called from inside a handler has anything to do here.
        EndOfHandler.runNowOnWorker();
    }

    @Override
    public void await(CompletableFuture<?> reply, long timeoutNanos, ReplyExpected expected) {
        EndOfHandler.runNowOnWorker();
        long spinNanos = switch (expected) {
            case LOCAL -> LOCAL_REPLY_SPIN_NANOS;
            case REMOTE -> REMOTE_REPLY_SPIN_NANOS;
            case LATER -> 0;
        };
        long spinUntil = System.nanoTime() + Math.min(timeoutNanos, spinNanos);
        while (!reply.isDone() && System.nanoTime() - spinUntil < 0) {
            if (expected == ReplyExpected.REMOTE) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        if (reply.isDone()) {
            return;
        }
        try {
            reply.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The caller reads the outcome from the future.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Object> awaitAsync(CompletableFuture<Object> reply, long timeoutNanos) {
        // Our own timer, not completeOnTimeout: that one starts a JDK thread which outlives every system.
        runAfter(Duration.ofNanos(timeoutNanos), () -> reply.complete(null));
        return reply;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(TERMINATION_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "actor turns still running after " + TERMINATION_WAIT_SECONDS
                        + " s; interrupting them");
                workers.shutdownNow();
                workers.awaitTermination(TERMINATION_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            timer.awaitTermination(TERMINATION_WAIT_SECONDS, TimeUnit.SECONDS);
            for (Thread thread : threads) {
                if (thread == Thread.currentThread()) {
                    continue;
                }
                thread.join(TimeUnit.SECONDS.toMillis(TERMINATION_WAIT_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
