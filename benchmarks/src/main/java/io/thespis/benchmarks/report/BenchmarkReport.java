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
 * <p>Usage: {@code BenchmarkReport PLACEMENT_JSON OUTPUT_MD COMMIT COMMAND}
 */
public final class BenchmarkReport {
    /** The targets of the placement issue, by benchmark method, in nanoseconds; applied at 10,000 systems. */
    private static final Map<String, Double> PLACEMENT_TARGETS_NS = Map.of(
            "decideAnnotationOnly", 5_000.0,
            "applyCapabilityUpdate", 50_000.0);

    private BenchmarkReport() {
    }

    /** One JMH result row. */
    record Figure(String method, String systems, double median, double min, double max, String unit) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: BenchmarkReport PLACEMENT_JSON OUTPUT_MD COMMIT COMMAND");
            System.exit(2);
        }
        List<Figure> placement = read(Path.of(args[0]));
        String report = header(args[2]) + placementSection(placement, args[3]);
        Files.writeString(Path.of(args[1]), report);
        System.out.println("wrote " + args[1] + " (" + placement.size() + " placement figures)");
    }

    static List<Figure> read(Path jmhJson) throws IOException {
        List<Figure> figures = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(jmhJson.toFile())) {
            String benchmark = result.get("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String systems = result.path("params").path("systems").asText("");
            JsonNode metric = result.get("primaryMetric");
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : metric.get("rawData")) {
                fork.forEach(value -> iterations.add(value.asDouble()));
            }
            iterations.sort(Double::compare);
            figures.add(new Figure(method, systems, median(iterations), iterations.get(0),
                    iterations.get(iterations.size() - 1), metric.get("scoreUnit").asText()));
        }
        return figures;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String header(String commit) throws IOException {
        return "# Benchmarks\n\n"
                + "Written by `benchmarks/run.sh` at commit `" + commit + "` on "
                + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + ". Do not edit by hand.\n\n"
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

    private static String placementSection(List<Figure> figures, String command) {
        StringBuilder text = new StringBuilder("## Placement\n\n")
                .append("A decision is one `PlacementEngine.choose` over a member's directory (10% of systems have ")
                .append("database access, four zones, 0-8 GPUs, loads 0-99); an update is one system's capability ")
                .append("change applied to the directory. Figures are the median of 5 one-second JMH measurement ")
                .append("iterations (after 3 warm-up), with their min–max, one fork, `-Xmx1g`.\n\n")
                .append("No peer figure: Pekko, Orleans and Ray have no capability-based placement over a directory ")
                .append("to run side by side; the figures stand against the targets of the placement issue.\n\n")
                .append("Command: `").append(command).append("`\n\n")
                .append("| figure | systems | median | min – max | target at 10,000 systems |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (Figure figure : figures) {
            Double target = PLACEMENT_TARGETS_NS.get(figure.method());
            String verdict = target == null || !figure.systems().equals("10000") ? ""
                    : "< " + micros(target) + (figure.median() < target ? " (met)" : " (missed)");
            text.append("| ").append(describe(figure.method())).append(" | ").append(figure.systems())
                    .append(" | ").append(micros(figure.median())).append(" | ")
                    .append(micros(figure.min())).append(" – ").append(micros(figure.max()))
                    .append(" | ").append(verdict).append(" |\n");
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
