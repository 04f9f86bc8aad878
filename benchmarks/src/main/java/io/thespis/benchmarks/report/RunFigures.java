package io.thespis.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark driver outside JMH measured: figures, each with one value per run for Thespis and, where they
 * were measured, for its twin on Pekko and for the physical floor under it. Printed as one JSON line that
 * {@link BenchmarkReport} turns into a table.
 */
public final class RunFigures {
    private final String title;
    private final String description;
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /**
     * One figure.
     *
     * @param id           its stable name in results.json, such as {@code remote_ask_p50}
     * @param name         what it measures
     * @param unit         its unit
     * @param higherBetter whether more is better (throughput) or less (latency)
     * @param target       the target for it, in words, or empty
     * @param thespis      Thespis' value in each run
     * @param pekko        Pekko's value in each run, or {@code null} without a twin
     * @param floor        the floor's value in each run (what no system could beat here), or {@code null}
     */
    public record Figure(String id, String name, String unit, boolean higherBetter, String target,
                         List<Double> thespis, List<Double> pekko, List<Double> floor) {
    }

    /** Figures for a report section titled {@code title}, explained by {@code description}. */
    public RunFigures(String title, String description) {
        this.title = title;
        this.description = description;
    }

    /** Records one run's value of figure {@code id} for Thespis ({@code pekko}: the twin's, or {@code null}). */
    public void add(String id, String name, String unit, boolean higherBetter, String target, double thespis,
                    Double pekko) {
        add(id, name, unit, higherBetter, target, thespis, pekko, null);
    }

    /** As {@link #add(String, String, String, boolean, String, double, Double)}, with the run's floor, if any. */
    public void add(String id, String name, String unit, boolean higherBetter, String target, double thespis,
                    Double pekko, Double floor) {
        Figure figure = figures.computeIfAbsent(id, key -> new Figure(id, name, unit, higherBetter, target,
                new ArrayList<>(), pekko == null ? null : new ArrayList<>(), floor == null ? null : new ArrayList<>()));
        figure.thespis().add(thespis);
        if (pekko != null) {
            figure.pekko().add(pekko);
        }
        if (floor != null) {
            figure.floor().add(floor);
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
