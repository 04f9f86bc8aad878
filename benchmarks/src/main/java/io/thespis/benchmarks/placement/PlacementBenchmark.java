package io.thespis.benchmarks.placement;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.RequireCapability;
import io.thespis.internal.placement.Candidate;
import io.thespis.internal.placement.Directory;
import io.thespis.internal.placement.PlacementEngine;
import io.thespis.internal.placement.PlacementPolicy;
import io.thespis.internal.placement.PlacementRequest;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Placement decisions and directory updates over a Convention of {@code systems} members: 10% have database
 * access, zones are spread over four regions, 0-8 GPUs, loads 0-99.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class PlacementBenchmark {
    private static final String[] ZONES = {"eu-west", "us-east", "ap-south", "sa-east"};

    /** Annotation-only: database access in eu-west (about 2.5% of the systems). */
    @RequireCapability("Has DB access")
    @RequireCapability(value = "zone", equalTo = "eu-west")
    public static class EuDbWriter extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** With a check method: as many GPUs as the creator asks for, on a system with database access. */
    @RequireCapability("Has DB access")
    public static class GpuTrainer extends Actor {
        /** Compares the system's GPUs with the creator's {@code gpus} requirement. */
        public static boolean actorSystemCapabilityCheck(Map<String, Object> capabilities,
                                                         Map<String, Object> requirements) {
            return ((Number) capabilities.getOrDefault("gpus", 0)).intValue()
                    >= ((Number) requirements.getOrDefault("gpus", 1)).intValue();
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    @Param({"10", "1000", "10000"})
    public int systems;

    private final PlacementEngine engine = new PlacementEngine(PlacementPolicy.LEAST_LOADED);
    private final Map<String, Object> gpuRequirements = Map.of("gpus", 4);
    private Directory directory;
    private Candidate[] withDb;
    private Candidate[] withoutDb;
    private long generation = 1;
    private long turn;

    @Setup
    public void fillDirectory() {
        Random random = new Random(7);
        directory = new Directory();
        withDb = new Candidate[systems];
        withoutDb = new Candidate[systems];
        for (int i = 0; i < systems; i++) {
            String address = "10.0." + (i / 250) + "." + (i % 250) + ":1900";
            String zone = ZONES[random.nextInt(ZONES.length)];
            int gpus = random.nextInt(9);
            int load = random.nextInt(100);
            Candidate db = new Candidate(address, Map.of("Has DB access", true, "zone", zone, "gpus", gpus), 1, load, 0);
            Candidate plain = new Candidate(address, Map.of("Has DB access", false, "zone", zone, "gpus", gpus), 1, load, 0);
            withDb[i] = db;
            withoutDb[i] = plain;
            directory.upsert(random.nextInt(10) == 0 ? db : plain);
        }
    }

    @Benchmark
    public Optional<Candidate> decideAnnotationOnly() {
        return engine.choose(directory, PlacementRequest.of(EuDbWriter.class, Map.of(), null, turn++));
    }

    @Benchmark
    public Optional<Candidate> decideWithCheckMethod() {
        return engine.choose(directory, PlacementRequest.of(GpuTrainer.class, gpuRequirements, null, turn++));
    }

    /** One system's capabilities change (database access flips), with a new generation. */
    @Benchmark
    public boolean applyCapabilityUpdate() {
        int system = (int) (turn++ % systems);
        long next = ++generation;
        Candidate template = (next & 1) == 0 ? withDb[system] : withoutDb[system];
        return directory.upsert(new Candidate(template.address(), template.capabilities(), next,
                template.actorCount(), template.mailboxBacklog()));
    }
}
