package io.thespis.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code BENCHMARKS.md} and {@code results.json} from JMH's JSON results: the machine, the command, every
 * figure as the median of its measurement iterations with their min–max, and, where Apache Pekko does the same work
 * in the same run, its figure and the ratio (oriented so that above 1 means Thespis is better).
 *
 * <p>Usage: {@code BenchmarkReport OUTPUT_MD RESULTS_JSON COMMIT COMMAND LOCAL_JSON PLACEMENT_JSON CODEC_JSON
 * REMOTE_JSON MEMBERSHIP_JSON FOOTPRINT_JSON RAY_JSON SCALE_JSON...}; REMOTE, MEMBERSHIP and FOOTPRINT are
 * {@link RunFigures} lines, RAY the line of {@code benchmarks/ray/ray_twins.py} (absent when Ray could not run).
 */
public final class BenchmarkReport {
    /** The targets of the placement issue, by benchmark method, in nanoseconds; applied at 10,000 systems. */
    private static final Map<String, Double> PLACEMENT_TARGETS_NS = Map.of(
            "decideAnnotationOnly", 5_000.0,
            "applyCapabilityUpdate", 50_000.0);

    /** The header of every table with a twin: the figure, both platforms, their ratio, the floor, the target. */
    private static final String TABLE_HEADER = "| figure | Thespis | Apache Pekko | ratio (> 1: Thespis better) "
            + "| floor (Thespis in floors) | target |\n|---|---:|---:|---:|---:|---|\n";

    /**
     * Where the time of one remote ask goes, from the profiles in {@code benchmarks/profiles/}: analysis, not a
     * figure of the run, so it says when it was measured.
     */
    private static final String REMOTE_ASK_PROFILE = """

            ### Where the time of one remote ask goes

            Measured at `139b0dd` (the caller parking at once) and `9dc08cd` with the same two JVMs (`RemoteDriver`'s ask alone, 40,000 warm-up asks), by \
            async-profiler 4.1 (CPU, 1 ms, both JVMs; flame graphs in `benchmarks/profiles/`) and `strace -c -f` \
            of the member for 5 s. Per ask the member makes one `recvfrom` (the request), one `writev` (the \
            reply), one `write` to an eventfd (its worker handing the reply to the network thread), two \
            `epoll_pwait2` and three `futex` calls (waking and parking its worker); with TLS the same calls, \
            `sendto` for `writev`. Against the floor, a blocking request-reply of the same bytes (77 µs median \
            here: two socket writes, two wakeups of a reader blocked in the kernel), an ask adds four handoffs \
            between threads: outside code to the driver's network thread, the member's network thread to the \
            worker that runs the echo, that worker back to the network thread, the driver's network thread to \
            the outside caller. A handoff to a parked thread costs about 25 µs on this machine (the parking \
            floor, `HandoffFloorBenchmark`, is 49 µs a round trip of two), so 77 µs + 4 × 25 µs ≈ the 170 µs \
            the ask took while the caller parked at once. The caller now spins for the reply, yielding its core, \
            which removes the last handoff (medians of 100–125 µs in that pair of JVMs); spinning the network \
            threads as well (a Netty select strategy that polled for 100–300 µs after each event) did not lower \
            the median reliably on 2 cores and raised the p99, since four spinning threads share two cores. The \
            CPU samples (both JVMs): the kernel's scheduler (`finish_task_switch`, wakeups) 20–25 %, gRPC and \
            Netty's HTTP/2 about half of all stacks, protobuf 3 %, the Smile codec under 1 %, the engine \
            13–20 %. TLS adds about 40–50 µs to the median: BoringSSL's own wrap and unwrap are 2–3 % of the \
            member's samples, the rest is Netty's `SslHandler` around each small record, four records per ask; \
            the JDK's TLS adds 15–30 µs to the floor itself (its TLS cost row).
            """;

    private BenchmarkReport() {
    }

    /**
     * One JMH result: its method, its parameters, the median and min–max of its iterations, and for sampled
     * latencies the 50th and 99th percentiles of all samples, with each one's min–max over the iterations.
     */
    record Result(String method, Map<String, String> params, double median, double min, double max, String unit,
                  int runs, Percentile p50, Percentile p99) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    /** A sampled percentile: over all samples, and its lowest and highest value in one iteration. */
    record Percentile(double all, double min, double max) {
    }

    /**
     * One line of results.json.
     *
     * @param id      its stable name, for tools
     * @param thespis Thespis' figure: the median of the runs
     * @param min     Thespis' lowest run's value, or null where runs were not told apart
     * @param max     Thespis' highest run's value, or null
     * @param pekko   Pekko's figure in the same run, or null without a twin
     * @param ray     Ray's figure in the same run (the median of its runs, whose min–max BENCHMARKS.md shows), or
     *                null without a twin
     * @param ratio   the twin's against thespis, above 1 where Thespis is better, or null
     * @param floor   the physical floor under the figure measured in the same run, or null
     */
    record Figure(String id, String name, String unit, double thespis, Double min, Double max, Double pekko,
                  Double ray, Double ratio, Double floor, int runs, String commit) {
        /** A figure with no Ray twin. */
        Figure(String id, String name, String unit, double thespis, Double min, Double max, Double pekko,
               Double ratio, Double floor, int runs, String commit) {
            this(id, name, unit, thespis, min, max, pekko, null, ratio, floor, runs, commit);
        }

        /** How far apart the runs were, in percent of the median, or null. */
        Double spreadPercent() {
            return min == null || max == null || thespis == 0 ? null : 100 * (max - min) / Math.abs(thespis);
        }
    }

    /** Writes the report; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length < 11) {
            System.err.println("usage: BenchmarkReport OUTPUT_MD RESULTS_JSON COMMIT COMMAND LOCAL_JSON PLACEMENT_JSON "
                    + "CODEC_JSON REMOTE_JSON MEMBERSHIP_JSON FOOTPRINT_JSON RAY_JSON SCALE_JSON...");
            System.exit(2);
        }
        List<Path> scale = new ArrayList<>();
        for (int i = 11; i < args.length; i++) {
            scale.add(Path.of(args[i]));
        }
        String commit = args[2];
        List<Figure> figures = new ArrayList<>();
        String report = header(commit, args[3])
                + localSection(read(Path.of(args[4])), commit, figures)
                + runFiguresSection(Path.of(args[7]), commit, figures) + REMOTE_ASK_PROFILE
                + runFiguresSection(Path.of(args[8]), commit, figures)
                + runFiguresSection(Path.of(args[9]), commit, figures)
                + raySection(Path.of(args[10]), commit, figures)
                + placementSection(read(Path.of(args[5])), commit, figures)
                + codecSection(read(Path.of(args[6])), commit, figures)
                + scaleSection(scale, commit, figures);
        Files.writeString(Path.of(args[0]), report);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[1]).toFile(), figures);
        System.out.println("wrote " + args[0] + " and " + args[1] + " (" + figures.size() + " figures)");
    }

    static List<Result> read(Path jmhJson) throws IOException {
        List<Result> results = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(jmhJson.toFile())) {
            String benchmark = result.get("benchmark").asText();
            Map<String, String> params = new LinkedHashMap<>();
            result.path("params").fields().forEachRemaining(entry -> params.put(entry.getKey(), entry.getValue().asText()));
            JsonNode metric = result.get("primaryMetric");
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                fork.forEach(value -> iterations.add(value.asDouble()));
            }
            iterations.sort(Double::compare);
            JsonNode percentiles = metric.path("scorePercentiles");
            double median = iterations.isEmpty() ? metric.get("score").asDouble() : median(iterations);
            results.add(new Result(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, median,
                    iterations.isEmpty() ? median : iterations.get(0),
                    iterations.isEmpty() ? median : iterations.get(iterations.size() - 1),
                    metric.get("scoreUnit").asText(), Math.max(iterations.size(), result.path("measurementIterations")
                    .asInt()), percentile(metric, percentiles.path("50.0"), 0.5),
                    percentile(metric, percentiles.path("99.0"), 0.99)));
        }
        return results;
    }

    /** A sampled percentile over all samples ({@code all}), with its min–max over the iterations' histograms. */
    private static Percentile percentile(JsonNode metric, JsonNode all, double fraction) {
        double lowest = Double.NaN;
        double highest = Double.NaN;
        for (JsonNode fork : metric.path("rawDataHistogram")) {
            for (JsonNode iteration : fork) {
                double value = percentileOf(iteration, fraction);
                lowest = Double.isNaN(lowest) ? value : Math.min(lowest, value);
                highest = Double.isNaN(highest) ? value : Math.max(highest, value);
            }
        }
        return new Percentile(all.asDouble(Double.NaN), lowest, highest);
    }

    /** The {@code fraction} percentile of one iteration's histogram, pairs of value and count. */
    private static double percentileOf(JsonNode histogram, double fraction) {
        List<double[]> buckets = new ArrayList<>();
        long samples = 0;
        for (JsonNode bucket : histogram) {
            buckets.add(new double[] {bucket.get(0).asDouble(), bucket.get(1).asLong()});
            samples += bucket.get(1).asLong();
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double wanted = fraction * samples;
        long seen = 0;
        for (double[] bucket : buckets) {
            seen += (long) bucket[1];
            if (seen >= wanted) {
                return bucket[0];
            }
        }
        return buckets.isEmpty() ? Double.NaN : buckets.get(buckets.size() - 1)[0];
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String header(String commit, String command) throws IOException {
        return "# Benchmarks\n\n"
                + "Written by `" + command + "` at commit `" + commit + "` on "
                + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + ". Do not edit by hand; "
                + "`benchmarks/results.json` has the same figures for tools.\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + "; JDK "
                + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " on "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ".\n\n"
                + "Every figure is the median of the JMH measurement iterations, with their min–max, in one forked "
                + "JVM per benchmark; Thespis and Apache Pekko 1.7.0 run the same work in the same run.\n\n";
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

    private static Result find(List<Result> results, String method, String platform) {
        return results.stream().filter(r -> r.method().equals(method) && r.param("platform").equals(platform))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no result for " + method + " " + platform));
    }

    private static String localSection(List<Result> results, String commit, List<Figure> figures) {
        StringBuilder text = new StringBuilder("## In-process: Thespis and Apache Pekko\n\n")
                .append("`LocalBenchmark`, 3 warm-up and 5 measurement iterations of 2 s, `-Xmx2g`. Thespis: ")
                .append("`ActorSystem.create()` (one worker per core, up to 64 messages per actor turn, Vyukov ")
                .append("mailboxes; an outside caller spins up to 50 µs for a reply before parking). Pekko: typed ")
                .append("actors with its defaults (fork-join dispatcher, throughput 5, ")
                .append("parallelism 8..64). Tell: an actor sends a burst of 100,000 messages (one shared payload) to ")
                .append("another, one pair or four in parallel. Ask: one request-reply from outside the system to an ")
                .append("echoing actor, sampled; min–max are the iterations' own percentiles. Thespis' ask median has ")
                .append("two modes: about 1.2 µs when a worker is still ")
                .append("awake as the request arrives, 14–19 µs when the request has to wake a parked worker; a fork ")
                .append("can stay in either mode for all its iterations. ")
                .append("Create and exit: a parent creates 10,000 children, stops each, and ")
                .append("counts the exit notices. Floor: `HandoffFloorBenchmark`, a request-reply between two threads ")
                .append("through volatile fields with no actor system in between, both sides spinning (the floor ")
                .append("column of the ask rows), or the waiting side parked and unparked.\n\n")
                .append(TABLE_HEADER);
        List<Figure> section = new ArrayList<>();
        throughputRow(text, section, commit, results, "tellOnePair", "local_tell", "tell, 1 sender → 1 receiver",
                "messages/s");
        throughputRow(text, section, commit, results, "tellFourPairs", "local_tell_4_pairs",
                "tell, 4 pairs in parallel", "messages/s");
        throughputRow(text, section, commit, results, "createAndExit", "local_create_exit",
                "actors created and exited", "actors/s");
        Result thespis = find(results, "askRoundTrip", "THESPIS");
        Result pekko = find(results, "askRoundTrip", "PEKKO");
        Result spin = findFloor(results, "SPIN");
        Result park = findFloor(results, "PARK");
        for (boolean median : new boolean[] {true, false}) {
            String percentile = median ? "median" : "p99";
            String id = median ? "p50" : "p99";
            Percentile ours = median ? thespis.p50() : thespis.p99();
            Percentile theirs = median ? pekko.p50() : pekko.p99();
            Double floor = spin == null ? null : (median ? spin.p50() : spin.p99()).all();
            Figure figure = new Figure("local_ask_" + id, "ask round trip from outside, " + percentile, "µs",
                    ours.all(), ours.min(), ours.max(), theirs.all(), theirs.all() / ours.all(), floor, thespis.runs(),
                    commit);
            row(text, figure, spread(ours), spread(theirs), "≥ 4× Pekko", false);
            section.add(figure);
        }
        Figure tail = new Figure("local_ask_p99_over_p50", "ask round trip from outside, p99 in medians", "×",
                thespis.p99().all() / thespis.p50().all(), null, null, null, null, null, thespis.runs(), commit);
        row(text, tail, format(tail.thespis(), "×"), "no twin", "≤ 3 ×", false);
        section.add(tail);
        for (Result floor : new Result[] {spin, park}) {
            if (floor == null) {
                continue;
            }
            String mode = floor.param("mode").toLowerCase(Locale.ROOT);
            String how = mode.equals("spin") ? "spinning" : "parking";
            for (boolean median : new boolean[] {true, false}) {
                Percentile value = median ? floor.p50() : floor.p99();
                Figure figure = new Figure(mode + "_floor_" + (median ? "p50" : "p99"), "floor: two threads, "
                        + how + ", " + (median ? "median" : "p99"), "µs", value.all(), value.min(), value.max(), null,
                        null, null, floor.runs(), commit);
                row(text, figure, spread(value), "", "", false);
                section.add(figure);
            }
        }
        text.append(spreadNote(section));
        figures.addAll(section);
        return text.toString();
    }

    private static Result findFloor(List<Result> results, String mode) {
        return results.stream().filter(r -> r.method().equals("roundTrip") && r.param("mode").equals(mode))
                .findFirst().orElse(null);
    }

    private static String spread(Percentile value) {
        return format(value.all(), "µs") + " (" + format(value.min(), "µs") + " – " + format(value.max(), "µs") + ")";
    }

    /** Writes one table row; {@code higherBetter} orients the floor's multiple as well as the target's verdict. */
    private static void row(StringBuilder text, Figure figure, String thespis, String pekko, String target,
                            boolean higherBetter) {
        String floor = figure.floor() == null ? "" : format(figure.floor(), figure.unit()) + String.format(Locale.ROOT,
                " (%.1f×)", higherBetter ? figure.floor() / figure.thespis() : figure.thespis() / figure.floor());
        text.append("| ").append(figure.name()).append(" | ").append(thespis).append(" | ").append(pekko)
                .append(" | ").append(figure.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", figure.ratio()))
                .append(" | ").append(floor).append(" | ")
                .append(target.isEmpty() ? "" : target + verdict(target, figure)).append(" |\n");
    }

    /** One sentence naming the figures whose runs disagree by more than 30 % of their median, or nothing. */
    static String spreadNote(List<Figure> figures) {
        List<String> wide = new ArrayList<>();
        for (Figure figure : figures) {
            Double spread = figure.spreadPercent();
            if (spread != null && spread > 30) {
                wide.add(String.format(Locale.ROOT, "%s (%.0f %%)", figure.name(), spread));
            }
        }
        return wide.isEmpty() ? "" : "\nSpread over 30 % of the median (min to max): " + String.join("; ", wide)
                + ".\n";
    }

    private static void throughputRow(StringBuilder text, List<Figure> figures, String commit, List<Result> results,
                                      String method, String id, String name, String unit) {
        Result thespis = find(results, method, "THESPIS");
        Result pekko = find(results, method, "PEKKO");
        Figure figure = new Figure(id, name, unit, thespis.median(), thespis.min(), thespis.max(), pekko.median(),
                thespis.median() / pekko.median(), null, thespis.runs(), commit);
        row(text, figure, count(thespis), count(pekko), "≥ 1.5× Pekko", true);
        figures.add(figure);
    }

    private static String count(Result result) {
        return String.format(Locale.ROOT, "%s (%s – %s)", millions(result.median()), millions(result.min()),
                millions(result.max()));
    }

    private static String millions(double value) {
        return value >= 1e6 ? String.format(Locale.ROOT, "%.1f M", value / 1e6)
                : String.format(Locale.ROOT, "%.0f k", value / 1e3);
    }

    /**
     * A section of figures measured by a driver outside JMH: median and min–max of its runs, twin, ratio, floor,
     * target.
     */
    static String runFiguresSection(Path file, String commit, List<Figure> figures) throws IOException {
        String line = Files.exists(file) ? Files.readString(file).strip() : "";
        if (!line.startsWith("{")) {
            return "\n## " + file.getFileName() + "\n\nThe run failed; see the output of benchmarks/run.sh.\n";
        }
        JsonNode section = new ObjectMapper().readTree(line);
        StringBuilder text = new StringBuilder("\n## ").append(section.get("title").asText()).append("\n\n")
                .append(section.get("description").asText()).append(" Medians of the runs, with min–max.\n\n")
                .append(TABLE_HEADER);
        List<Figure> rows = new ArrayList<>();
        for (JsonNode figure : section.get("figures")) {
            String unit = figure.get("unit").asText();
            List<Double> ours = values(figure.get("thespis"));
            List<Double> theirs = figure.get("pekko").isNull() ? null : values(figure.get("pekko"));
            Double floor = figure.path("floor").isArray() ? median(values(figure.get("floor"))) : null;
            double median = median(ours);
            Double twin = theirs == null ? null : median(theirs);
            boolean higherBetter = figure.get("higherBetter").asBoolean();
            Double ratio = twin == null ? null : higherBetter ? median / twin : twin / median;
            if (ratio != null && !Double.isFinite(ratio)) {
                ratio = null;
            }
            Figure row = new Figure(figure.get("id").asText(), figure.get("name").asText(), unit, median,
                    ours.get(0), ours.get(ours.size() - 1), twin, ratio, floor, ours.size(), commit);
            row(text, row, spread(ours, unit), theirs == null ? "no twin" : spread(theirs, unit),
                    figure.get("target").asText(), higherBetter);
            rows.add(row);
        }
        text.append(spreadNote(rows));
        figures.addAll(rows);
        return text.toString();
    }

    private static List<Double> values(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        values.sort(Double::compare);
        return values;
    }

    private static String spread(List<Double> sorted, String unit) {
        return format(median(sorted), unit) + " (" + format(sorted.get(0), unit) + " – "
                + format(sorted.get(sorted.size() - 1), unit) + ")";
    }

    private static String format(double value, String unit) {
        return switch (unit) {
            case "messages/s", "actors/s" -> millions(value);
            case "ms" -> String.format(Locale.ROOT, "%.0f ms", value);
            case "µs" -> String.format(Locale.ROOT, value < 10 ? "%.2f µs" : value < 100 ? "%.1f µs" : "%.0f µs",
                    value);
            case "×" -> String.format(Locale.ROOT, "%.1f ×", value);
            case "% of a core" -> String.format(Locale.ROOT, "%.2f %%", value);
            default -> String.format(Locale.ROOT, "%.0f %s", value, unit);
        };
    }

    /**
     * Whether a target such as "≥ 1.5× Pekko", "≤ 0.7× Pekko", "ahead of Pekko" or "ahead of Ray" (a ratio above
     * 1), "≤ 1.3× floor",
     * "≤ 100 ms", "≤ 1 s", "≤ 15 %" or "≤ 2 ×" was met, as " (met)" or " (missed)"; empty when it cannot say.
     */
    static String verdict(String target, Figure figure) {
        Matcher factor = Pattern.compile("([≥≤]) ([0-9.]+)× (Pekko|floor)")
                .matcher(target);
        Matcher bound = Pattern.compile("≤ ([0-9.]+) (ms|s|%|×)").matcher(target);
        Double ratio = figure.ratio();
        boolean met;
        if (factor.matches() && factor.group(3).equals("Pekko") && ratio != null) {
            double wanted = Double.parseDouble(factor.group(2));
            met = factor.group(1).equals("≥") ? ratio >= wanted : 1 / ratio <= wanted;
        } else if (factor.matches() && factor.group(3).equals("floor") && figure.floor() != null) {
            met = figure.thespis() <= Double.parseDouble(factor.group(2)) * figure.floor();
        } else if ((target.equals("ahead of Pekko") || target.equals("ahead of Ray")) && ratio != null) {
            met = ratio > 1;
        } else if (bound.matches()) {
            met = figure.thespis() <= Double.parseDouble(bound.group(1)) * (bound.group(2).equals("s") ? 1000 : 1);
        } else {
            return "";
        }
        return met ? " (met)" : " (missed)";
    }

    /**
     * Ray's twins beside the Thespis figures of the same run with the same ids, as rows {@code ray_ID}; one line
     * when Ray could not run.
     */
    static String raySection(Path file, String commit, List<Figure> figures) throws IOException {
        String line = Files.exists(file) ? Files.readString(file).strip() : "";
        if (!line.startsWith("{")) {
            return "\n## Ray\n\nRay did not run: " + (line.isEmpty() ? "see the output of benchmarks/run.sh" : line)
                    + ".\n";
        }
        JsonNode section = new ObjectMapper().readTree(line);
        StringBuilder text = new StringBuilder("\n## Thespis and ").append(section.get("title").asText())
                .append("\n\n").append(section.get("description").asText())
                .append(" Medians of the runs, with min–max.\n\n")
                .append("| figure | Thespis | Ray | ratio (> 1: Thespis better) | target |\n|---|---:|---:|---:|---|\n");
        List<Figure> rows = new ArrayList<>();
        for (JsonNode twin : section.get("figures")) {
            String id = twin.get("id").asText();
            Figure ours = figures.stream().filter(figure -> figure.id().equals(id)).findFirst().orElse(null);
            List<Double> theirs = values(twin.get("values"));
            double ray = median(theirs);
            String unit = twin.get("unit").asText();
            boolean higherBetter = twin.get("higherBetter").asBoolean();
            Double ratio = ours == null ? null : higherBetter ? ours.thespis() / ray : ray / ours.thespis();
            Figure row = new Figure("ray_" + id, twin.get("name").asText(), unit,
                    ours == null ? Double.NaN : ours.thespis(), ours == null ? null : ours.min(),
                    ours == null ? null : ours.max(), null, ray, ratio, null, theirs.size(), commit);
            text.append("| ").append(row.name()).append(" | ")
                    .append(ours == null ? "not measured" : format(ours.thespis(), unit)).append(" | ")
                    .append(spread(theirs, unit)).append(" | ")
                    .append(ratio == null ? "" : String.format(Locale.ROOT, "%.1f", ratio)).append(" | ")
                    .append("ahead of Ray").append(verdict("ahead of Ray", row)).append(" |\n");
            rows.add(row);
        }
        figures.addAll(rows);
        return text.toString();
    }

    private static String placementSection(List<Result> results, String commit, List<Figure> figures) {
        StringBuilder text = new StringBuilder("\n## Placement\n\n")
                .append("`PlacementBenchmark`, 3 warm-up and 5 measurement iterations of 1 s, `-Xmx1g`. A decision is ")
                .append("one `PlacementEngine.choose` over a member's directory (10% of systems have database access, ")
                .append("four zones, 0-8 GPUs, loads 0-99); an update is one system's capability change applied to ")
                .append("the directory. No peer figure: Pekko, Orleans and Ray have no capability-based placement over ")
                .append("a directory to run side by side; the figures stand against the targets of the placement ")
                .append("issue.\n\n")
                .append("| figure | systems | median | min – max | target at 10,000 systems |\n")
                .append("|---|---:|---:|---:|---|\n");
        for (Result result : results) {
            String systems = result.param("systems");
            Double target = PLACEMENT_TARGETS_NS.get(result.method());
            String verdict = target == null || !systems.equals("10000") ? ""
                    : "< " + micros(target) + (result.median() < target ? " (met)" : " (missed)");
            text.append("| ").append(describe(result.method())).append(" | ").append(systems)
                    .append(" | ").append(micros(result.median())).append(" | ")
                    .append(micros(result.min())).append(" – ").append(micros(result.max()))
                    .append(" | ").append(verdict).append(" |\n");
            figures.add(new Figure(placementId(result.method()) + "_" + systems, describe(result.method()) + " at "
                    + systems + " systems", "µs", result.median() / 1000, result.min() / 1000, result.max() / 1000,
                    null, null, null, result.runs(), commit));
        }
        return text.toString();
    }

    private static String codecSection(List<Result> results, String commit, List<Figure> figures) {
        StringBuilder text = new StringBuilder("\n## Message codec\n\n")
                .append("`CodecBenchmark`: the wire format of messages that cross hosts, JSON against Smile (binary ")
                .append("JSON), through the same Jackson configuration and allow-list. Small: a record of a string, an ")
                .append("int and an address (81 bytes in JSON, 71 in Smile); medium: 20 strings, a 10-entry map and ")
                .append("an address (969 and 867 bytes). Smile is the wire format.\n\n")
                .append("| figure | format | size | median | min – max |\n|---|---|---|---:|---:|\n");
        for (Result result : results) {
            String name = result.method().equals("roundTrip") ? "encode + decode" : "encode";
            text.append("| ").append(name).append(" | ").append(result.param("format")).append(" | ")
                    .append(result.param("size")).append(" | ").append(micros(result.median())).append(" | ")
                    .append(micros(result.min())).append(" – ").append(micros(result.max())).append(" |\n");
            figures.add(new Figure(String.join("_", "codec", result.method().equals("roundTrip") ? "roundtrip"
                    : "encode", result.param("format"), result.param("size")).toLowerCase(Locale.ROOT),
                    name + ", " + result.param("format") + ", " + result.param("size") + " message", "µs",
                    result.median() / 1000, result.min() / 1000, result.max() / 1000, null, null, null,
                    result.runs(), commit));
        }
        return text.toString();
    }

    private static String scaleSection(List<Path> runs, String commit, List<Figure> figures) throws IOException {
        StringBuilder text = new StringBuilder("\n## The leader at scale\n\n")
                .append("`LeaderScaleDriver`: a real leader (`thespis member`, `-Xmx512m`) in its own JVM; N lightweight ")
                .append("simulated members register over real gRPC Join streams from one other JVM (a channel per ")
                .append("500 members, at least 8: a member serves 1,000 calls per connection) and ")
                .append("heartbeat every 500 ms; the leader's member timeout is 15 s, since with the default 3 s the ")
                .append("simulating JVM, starved of CPU, sends heartbeats late and members are declared gone. ")
                .append("Registered: every member welcomed by the leader. Settled: every ")
                .append("simulated member holds the whole directory. Capability change: in the settled Convention, one ")
                .append("member's change until every simulated member has seen it (given up after 60 s). Heap: ")
                .append("the leader's used heap after a full GC (`jcmd GC.heap_info`). Medians of the runs, with ")
                .append("min–max. No Pekko twin.\n\n")
                .append("| members | runs | all registered | settled | capability change seen by all | leader heap used |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        Map<Integer, List<JsonNode>> byMembers = new java.util.TreeMap<>();
        int failed = 0;
        for (Path run : runs) {
            String line = Files.exists(run) ? Files.readString(run).strip() : "";
            if (line.startsWith("{")) {
                JsonNode result = new ObjectMapper().readTree(line);
                byMembers.computeIfAbsent(result.get("members").asInt(), key -> new ArrayList<>()).add(result);
            } else {
                failed++;
            }
        }
        for (Map.Entry<Integer, List<JsonNode>> entry : byMembers.entrySet()) {
            int members = entry.getKey();
            List<JsonNode> results = entry.getValue();
            List<Double> registered = field(results, "registeredMs");
            List<Double> settled = field(results, "settledMs");
            List<Double> change = field(results, "capabilityChangeReachedAllMs");
            List<Double> heap = field(results, "leaderHeapUsedBytes");
            text.append("| ").append(members).append(" | ").append(results.size()).append(" | ")
                    .append(seconds(registered)).append(" | ")
                    .append(settled.size() == results.size() ? seconds(settled) : settled.size() + " of "
                            + results.size() + " runs settled").append(" | ")
                    .append(change.size() == results.size() ? spread(change, "ms") : change.size() + " of "
                            + results.size() + " runs reached all").append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f MiB (%.0f – %.0f)", median(heap) / (1 << 20),
                            heap.get(0) / (1 << 20), heap.get(heap.size() - 1) / (1 << 20))).append(" |\n");
            addScale(figures, "register_" + members, "members registered, " + members, "ms", registered, commit);
            addScale(figures, "settle_" + members, "Convention settled, " + members + " members", "ms", settled,
                    commit);
            addScale(figures, "capability_change_" + members, "capability change seen by all, " + members
                    + " members", "ms", change, commit);
            addScale(figures, "leader_heap_" + members, "leader heap used, " + members + " members", "bytes", heap,
                    commit);
        }
        if (failed > 0) {
            text.append("\n").append(failed).append(" run(s) failed; see the output of benchmarks/run.sh.\n");
        }
        text.append("\nTargets: 10,000 members registered and settled in 5 s each, under 256 MiB of leader heap, a ")
                .append("capability change reaching all in 100 ms. Every member holds the whole directory (as in Pekko's gossip), so a burst of joins costs ")
                .append("about N² directory entries: the leader serializes each snapshot once and sends its bytes to ")
                .append("every member that needs it, under a budget of 32 members with unsent bytes; members that fall ")
                .append("behind catch up with one snapshot. The simulating JVM parses every member's copy.\n");
        return text.toString();
    }

    /** Adds a figure of the leader at scale from its sorted values in the runs, unless no run measured it. */
    private static void addScale(List<Figure> figures, String id, String name, String unit, List<Double> sorted,
                                 String commit) {
        if (!sorted.isEmpty()) {
            figures.add(new Figure(id, name, unit, median(sorted), sorted.get(0), sorted.get(sorted.size() - 1),
                    null, null, null, sorted.size(), commit));
        }
    }

    /** The non-null values of {@code name} in {@code results}, sorted. */
    private static List<Double> field(List<JsonNode> results, String name) {
        List<Double> values = new ArrayList<>();
        for (JsonNode result : results) {
            JsonNode value = result.get(name);
            if (value != null && !value.isNull()) {
                values.add(value.asDouble());
            }
        }
        values.sort(Double::compare);
        return values;
    }

    private static String seconds(List<Double> sortedMillis) {
        return String.format(Locale.ROOT, "%.1f s (%.1f – %.1f)", median(sortedMillis) / 1000,
                sortedMillis.get(0) / 1000, sortedMillis.get(sortedMillis.size() - 1) / 1000);
    }

    private static String placementId(String method) {
        return switch (method) {
            case "decideAnnotationOnly" -> "placement_decision_annotation";
            case "decideWithCheckMethod" -> "placement_decision_check";
            case "applyCapabilityUpdate" -> "placement_update";
            default -> "placement_" + method;
        };
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
