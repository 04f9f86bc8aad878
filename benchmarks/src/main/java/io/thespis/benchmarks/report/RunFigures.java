package io.thespis.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark driver outside JMH measured: figures, each with one value per run for Thespis and, where it has
 * a twin, for Pekko. Printed as one JSON line that {@link BenchmarkReport} turns into a table.
 */
public final class RunFigures {
    private final String title;
    private final String description;
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /**
     * One figure.
     *
     * @param name         what it measures
     * @param unit         its unit
     * @param higherBetter whether more is better (throughput) or less (latency)
     * @param target       the target for it, in words, or empty
     * @param thespis      Thespis' value in each run
     * @param pekko        Pekko's value in each run, or {@code null} without a twin
     */
    public record Figure(String name, String unit, boolean higherBetter, String target, List<Double> thespis,
                         List<Double> pekko) {
    }

    /** Figures for a report section titled {@code title}, explained by {@code description}. */
    public RunFigures(String title, String description) {
        this.title = title;
        this.description = description;
    }

    /** Records one run's value of figure {@code name} for Thespis ({@code pekko}: the twin's, or {@code null}). */
    public void add(String name, String unit, boolean higherBetter, String target, double thespis, Double pekko) {
        Figure figure = figures.computeIfAbsent(name, key -> new Figure(name, unit, higherBetter, target,
                new ArrayList<>(), pekko == null ? null : new ArrayList<>()));
        figure.thespis().add(thespis);
        if (pekko != null) {
            figure.pekko().add(pekko);
        }
    }

    /** The figures as one JSON line. */
    public String toJson() throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("description", description);
        json.put("figures", List.copyOf(figures.values()));
        return new ObjectMapper().writeValueAsString(json);
    }
}
