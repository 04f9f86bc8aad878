package io.thespis.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code BENCHMARKS.md} from JMH's JSON results: the machine, the command, and every figure as the median
 * of its measurement iterations with their min–max, next to its target.
 *
 * <p>Usage: {@code BenchmarkReport OUTPUT_MD COMMIT COMMAND PLACEMENT_JSON CODEC_JSON}
 */
public final class BenchmarkReport {
    /** The targets of the placement issue, by benchmark method, in nanoseconds; applied at 10,000 systems. */
    private static final Map<String, Double> PLACEMENT_TARGETS_NS = Map.of(
            "decideAnnotationOnly", 5_000.0,
            "applyCapabilityUpdate", 50_000.0);

    private BenchmarkReport() {
    }

    /** One JMH result row; {@code params} are its JMH parameters in order, joined by spaces. */
    record Figure(String method, String params, double median, double min, double max, String unit) {
    }

    /** Writes the report; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BenchmarkReport OUTPUT_MD COMMIT COMMAND PLACEMENT_JSON CODEC_JSON");
            System.exit(2);
        }
        List<Figure> placement = read(Path.of(args[3]));
        List<Figure> codec = read(Path.of(args[4]));
        String report = header(args[1], args[2]) + placementSection(placement) + codecSection(codec);
        Files.writeString(Path.of(args[0]), report);
        System.out.println("wrote " + args[0] + " (" + (placement.size() + codec.size()) + " figures)");
    }

    static List<Figure> read(Path jmhJson) throws IOException {
        List<Figure> figures = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(jmhJson.toFile())) {
            String benchmark = result.get("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            List<String> values = new ArrayList<>();
            result.path("params").forEach(value -> values.add(value.asText()));
            String params = String.join(" ", values);
            JsonNode metric = result.get("primaryMetric");
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : metric.get("rawData")) {
                fork.forEach(value -> iterations.add(value.asDouble()));
            }
            iterations.sort(Double::compare);
            figures.add(new Figure(method, params, median(iterations), iterations.get(0),
                    iterations.get(iterations.size() - 1), metric.get("scoreUnit").asText()));
        }
        return figures;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String header(String commit, String command) throws IOException {
        return "# Benchmarks\n\n"
                + "Written by `" + command + "` at commit `" + commit + "` on "
                + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + ". Do not edit by hand.\n\n"
                + "Every figure is the median of 5 one-second JMH measurement iterations (after 3 warm-up), with their "
                + "min–max, in one forked JVM.\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap for the report JVM; JDK "
                + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " on "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ".\n\n";
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return System.getProperty("os.arch");
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        }
    }

    private static String placementSection(List<Figure> figures) {
        StringBuilder text = new StringBuilder("## Placement\n\n")
                .append("`PlacementBenchmark`. A decision is one `PlacementEngine.choose` over a member's directory ")
                .append("(10% of systems have database access, four zones, 0-8 GPUs, loads 0-99); an update is one ")
                .append("system's capability change applied to the directory. `-Xmx1g`.\n\n")
                .append("No peer figure: Pekko, Orleans and Ray have no capability-based placement over a directory ")
                .append("to run side by side; the figures stand against the targets of the placement issue.\n\n")
                .append("| figure | systems | median | min – max | target at 10,000 systems |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (Figure figure : figures) {
            Double target = PLACEMENT_TARGETS_NS.get(figure.method());
            String verdict = target == null || !figure.params().equals("10000") ? ""
                    : "< " + micros(target) + (figure.median() < target ? " (met)" : " (missed)");
            text.append("| ").append(describe(figure.method())).append(" | ").append(figure.params())
                    .append(" | ").append(micros(figure.median())).append(" | ")
                    .append(micros(figure.min())).append(" – ").append(micros(figure.max()))
                    .append(" | ").append(verdict).append(" |\n");
        }
        return text.toString();
    }

    private static String codecSection(List<Figure> figures) {
        StringBuilder text = new StringBuilder("\n## Message codec\n\n")
                .append("`CodecBenchmark`: the wire format of messages that cross hosts, JSON against Smile (binary ")
                .append("JSON), through the same Jackson configuration and allow-list. Small: a record of a string, an ")
                .append("int and an address (81 bytes in JSON, 71 in Smile); medium: 20 strings, a 10-entry map and ")
                .append("an address (969 and 867 bytes). Smile is the wire format.\n\n")
                .append("| figure | format | size | median | min – max |\n|---|---|---|---:|---:|\n");
        for (Figure figure : figures) {
            String[] params = figure.params().split(" ");
            text.append("| ").append(figure.method().equals("roundTrip") ? "encode + decode" : "encode")
                    .append(" | ").append(params[0]).append(" | ").append(params[1]).append(" | ")
                    .append(micros(figure.median())).append(" | ").append(micros(figure.min())).append(" – ")
                    .append(micros(figure.max())).append(" |\n");
        }
        return text.toString();
    }

    private static String describe(String method) {
        return switch (method) {
            case "decideAnnotationOnly" -> "decision, annotation-only class";
            case "decideWithCheckMethod" -> "decision, class with a check method";
            case "applyCapabilityUpdate" -> "capability update applied";
            default -> method;
        };
    }

    private static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.2f µs", nanos / 1000.0);
    }
}
