package io.thespis.benchmarks.local;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under an in-process ask from outside: a request-reply between two threads of one JVM through volatile
 * fields, no actor system in between. {@code SPIN}: both sides spin on the field ({@link Thread#onSpinWait}), the
 * best any handoff between threads can do; {@code PARK}: the waiting side parks and the other unparks it, what a
 * handoff costs when the thread it goes to was asleep.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class HandoffFloorBenchmark {
    @Param({"SPIN", "PARK"})
    public String mode;

    private volatile long request;
    private volatile long reply;
    private volatile boolean running;
    private volatile Thread caller;
    private boolean park;
    private Thread echo;
    private long sequence;

    @Setup
    public void start() {
        running = true;
        park = mode.equals("PARK");
        echo = new Thread(() -> {
            long answered = 0;
            while (running) {
                long asked = request;
                if (asked == answered) {
                    idle(park);
                    continue;
                }
                answered = asked;
                reply = asked;
                if (park) {
                    LockSupport.unpark(caller);
                }
            }
        }, "handoff-echo");
        echo.setDaemon(true);
        echo.start();
    }

    @TearDown
    public void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(echo);
        echo.join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long roundTrip() {
        caller = Thread.currentThread();
        long asked = ++sequence;
        request = asked;
        if (park) {
            LockSupport.unpark(echo);
        }
        while (reply != asked) {
            idle(park);
        }
        return asked;
    }

    private static void idle(boolean park) {
        if (park) {
            LockSupport.park();
        } else {
            Thread.onSpinWait();
        }
    }
}
