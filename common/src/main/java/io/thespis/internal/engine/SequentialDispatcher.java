package io.thespis.internal.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The sequential base: actors run on the thread that calls {@code tell}, {@code ask} or {@code listen}, in
 * the order their turns were scheduled, and timers fire in due order on that same thread. One lock keeps
 * callers from several threads to one actor turn at a time.
 */
final class SequentialDispatcher implements Dispatcher {
    private record Timer(long dueNanos, long sequence, Runnable task) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ActorCell> runQueue = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::sequence));
    private final TimeSource time;
    private long timerSequence;

    SequentialDispatcher(TimeSource time) {
        this.time = time;
    }

    @Override
    public void schedule(ActorCell cell) {
        lock.lock();
        try {
            runQueue.add(cell);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void runAfter(Duration delay, Runnable task) {
        lock.lock();
        try {
            timers.add(new Timer(time.nanoTime() + delay.toNanos(), timerSequence++, task));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void beforeOutsideSend() {
        lock.lock();
        try {
            fireDueTimers(time.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void afterOutsideSend() {
        drive(() -> false, time.nanoTime(), false);
    }

    @Override
    public void await(CompletableFuture<?> reply, long timeoutNanos, ReplyExpected expected) {
        drive(reply::isDone, deadline(timeoutNanos), true);
    }

    @Override
    public CompletableFuture<Object> awaitAsync(CompletableFuture<Object> reply, long timeoutNanos) {
        await(reply, timeoutNanos, ReplyExpected.LATER);
        reply.complete(null);
        return reply;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            runQueue.clear();
            timers.clear();
        } finally {
            lock.unlock();
        }
    }

    private long deadline(long timeoutNanos) {
        long now = time.nanoTime();
        return timeoutNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
    }

    /** Runs the timers due at {@code now}, in due order: each delivers its wakeup behind what is queued already. */
    private void fireDueTimers(long now) {
        Timer next;
        while ((next = timers.peek()) != null && next.dueNanos() <= now) {
            timers.poll().task().run();
        }
    }

    /**
     * Runs turns until {@code done}, delivering the timers that came due before each turn (as Thespian's simple
     * base does before each message, so a busy chain of messages never holds a due wakeup back); then, if
     * {@code wait}, sleeps until the next timer, a new turn, or {@code deadlineNanos}, whichever comes first.
     */
    private void drive(BooleanSupplier done, long deadlineNanos, boolean wait) {
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long now = time.nanoTime();
                fireDueTimers(now);
                ActorCell cell = runQueue.poll();
                if (cell != null) {
                    cell.runTurn();
                    continue;
                }
                if (!wait || now >= deadlineNanos) {
                    return;
                }
                Timer next = timers.peek();
                long until = next == null ? deadlineNanos : Math.min(deadlineNanos, next.dueNanos());
                time.await(changed, until - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
