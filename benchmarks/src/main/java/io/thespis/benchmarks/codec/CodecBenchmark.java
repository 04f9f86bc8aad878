package io.thespis.benchmarks.codec;

import io.thespis.actor.ActorAddress;
import io.thespis.internal.codec.MessageCodec;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One message encoded and decoded by the codec, JSON against Smile: the choice of wire format. A small message
 * (a few fields and an address) and a medium one (a list of 20 strings and a map of 10 entries).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    /** A typical small message. */
    public record Order(String item, int quantity, ActorAddress replyTo) {
    }

    /** A larger message with collections. */
    public record Batch(String name, List<String> lines, Map<String, Object> attributes, ActorAddress replyTo) {
    }

    @Param({"JSON", "SMILE"})
    public MessageCodec.Format format;

    @Param({"small", "medium"})
    public String size;

    private MessageCodec codec;
    private Object message;

    @Setup
    public void prepare() {
        codec = new MessageCodec(List.of("io.thespis.benchmarks"), CodecBenchmark.class.getClassLoader(), format);
        ActorAddress address = ActorAddress.of("10.0.0.2:1900/mwuwhfuz", 42);
        if (size.equals("small")) {
            message = new Order("tea", 2, address);
        } else {
            List<String> lines = new ArrayList<>();
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                lines.add("line number " + i + " of the batch");
            }
            for (int i = 0; i < 10; i++) {
                attributes.put("key" + i, i % 2 == 0 ? (Object) ("value " + i) : (Object) (long) i);
            }
            message = new Batch("batch", lines, attributes, address);
        }
    }

    @Benchmark
    public Object roundTrip() {
        MessageCodec.Encoded encoded = codec.encode(message);
        return codec.decode(encoded.type(), encoded.bytes());
    }

    @Benchmark
    public int encode() {
        return codec.encode(message).bytes().length;
    }
}
