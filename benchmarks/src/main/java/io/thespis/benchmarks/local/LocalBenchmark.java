package io.thespis.benchmarks.local;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * In-process figures, Thespis and Apache Pekko side by side in the same run: tell throughput (one pair, four pairs
 * in parallel), ask round trips from outside, actor creation and exit.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class LocalBenchmark {
    static final int BURST = 100_000;
    static final int CHILDREN = 10_000;

    @Param({"THESPIS", "PEKKO"})
    public String platform;

    private Platform actors;

    @Setup
    public void start() {
        actors = platform.equals("THESPIS") ? new ThespisPlatform() : new PekkoPlatform();
    }

    @TearDown
    public void stop() {
        actors.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public void tellOnePair() throws Exception {
        actors.tellBurst(1, BURST);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(4 * BURST)
    public void tellFourPairs() throws Exception {
        actors.tellBurst(4, BURST);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object askRoundTrip() throws Exception {
        return actors.askOnce();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CHILDREN)
    public void createAndExit() throws Exception {
        actors.createAndExit(CHILDREN);
    }
}
