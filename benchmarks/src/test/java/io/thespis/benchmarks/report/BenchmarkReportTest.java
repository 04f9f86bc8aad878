package io.thespis.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkReportTest {
    private static BenchmarkReport.Figure latency(double thespis, Double min, Double max, Double pekko,
                                                  Double floor) {
        return new BenchmarkReport.Figure("remote_ask_p50", "ask", "µs", thespis, min, max, pekko,
                pekko == null ? null : pekko / thespis, floor, 3, "abc1234");
    }

    @Test
    void targetsAgainstTheFloorCountTheFigureInFloors() {
        assertEquals(" (met)", BenchmarkReport.verdict("≤ 1.3× floor", latency(100, null, null, null, 80.0)));
        assertEquals(" (missed)", BenchmarkReport.verdict("≤ 1.3× floor", latency(110, null, null, null, 80.0)));
        assertEquals("", BenchmarkReport.verdict("≤ 1.3× floor", latency(110, null, null, null, null)),
                "no floor measured: no verdict");
    }

    @Test
    void targetsAgainstPekkoAndBoundsReadTheirOwnDirection() {
        assertEquals(" (missed)", BenchmarkReport.verdict("≥ 4× Pekko", latency(100, null, null, 300.0, null)));
        assertEquals(" (met)", BenchmarkReport.verdict("≥ 4× Pekko", latency(100, null, null, 400.0, null)));
        assertEquals(" (met)", BenchmarkReport.verdict("ahead of Pekko", latency(100, null, null, 101.0, null)));
        assertEquals(" (met)", BenchmarkReport.verdict("≤ 2 %", latency(1.5, null, null, null, null)));
        assertEquals(" (missed)", BenchmarkReport.verdict("≤ 2 ×", latency(2.5, null, null, null, null)));
        assertEquals(" (missed)", BenchmarkReport.verdict("≤ 1 s", latency(1001, null, null, null, null)));
    }

    @Test
    void onlySpreadsOverThirtyPercentAreReported() {
        String note = BenchmarkReport.spreadNote(List.of(latency(100, 80.0, 120.0, null, null),
                new BenchmarkReport.Figure("tell", "tell", "messages/s", 100, 95.0, 105.0, null, null, null, 3, "c")));
        assertTrue(note.contains("ask (40 %)"), note);
        assertTrue(!note.contains("tell"), note);
        assertEquals("", BenchmarkReport.spreadNote(List.of(latency(100, null, null, null, null))),
                "figures without runs told apart have no spread");
    }

    @Test
    void aDriversFiguresKeepTheirIdFloorAndSpread(@TempDir Path directory) throws Exception {
        RunFigures runs = new RunFigures("Across processes", "Two JVMs.");
        double[] thespis = {170, 180, 250};
        for (double value : thespis) {
            runs.add("remote_ask_p50", "remote ask, median", "µs", false, "≤ 1.3× floor", value, 480.0, 77.0);
        }
        Path file = directory.resolve("remote.json");
        Files.writeString(file, runs.toJson());

        List<BenchmarkReport.Figure> figures = new ArrayList<>();
        String section = BenchmarkReport.runFiguresSection(file, "abc1234", figures);

        BenchmarkReport.Figure ask = figures.get(0);
        assertEquals("remote_ask_p50", ask.id());
        assertEquals(180, ask.thespis());
        assertEquals(170, ask.min());
        assertEquals(250, ask.max());
        assertEquals(77, ask.floor());
        assertEquals(480 / 180.0, ask.ratio(), 1e-9);
        assertTrue(section.contains("| remote ask, median | 180 µs (170 µs – 250 µs) | 480 µs (480 µs – 480 µs) | 2.67 "
                + "| 77.0 µs (2.3×) | ≤ 1.3× floor (missed) |"), section);
        assertTrue(section.contains("Spread over 30 % of the median (min to max): remote ask, median (44 %)"),
                section);
    }

    @Test
    void rayTwinsStandBesideTheThespisFigureOfTheSameId(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("ray.json");
        Files.writeString(file, "{\"title\": \"Ray 2.58.0\", \"description\": \"Three nodes.\", \"figures\": ["
                + "{\"id\": \"remote_ask_p50\", \"name\": \"remote ask, median\", \"unit\": \"µs\", "
                + "\"higherBetter\": false, \"values\": [1300, 1200, 1250]}]}");
        List<BenchmarkReport.Figure> figures = new ArrayList<>(List.of(latency(125, 100.0, 150.0, 400.0, 80.0)));

        String section = BenchmarkReport.raySection(file, "abc1234", figures);

        BenchmarkReport.Figure twin = figures.get(1);
        assertEquals("ray_remote_ask_p50", twin.id());
        assertEquals(125, twin.thespis());
        assertEquals(1250, twin.ray());
        assertEquals(10, twin.ratio(), 1e-9);
        assertTrue(section.contains("| remote ask, median | 125 µs | 1250 µs (1200 µs – 1300 µs) | 10.0 | ahead of Ray "
                + "(met) |"), section);
    }

    @Test
    void aMissingRayRunIsOneLine(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("ray.json");
        Files.writeString(file, "skipped: no python3 venv module\n");
        List<BenchmarkReport.Figure> figures = new ArrayList<>();
        assertEquals("\n## Ray\n\nRay did not run: skipped: no python3 venv module.\n",
                BenchmarkReport.raySection(file, "abc1234", figures));
        assertTrue(figures.isEmpty());
    }
}
