package io.thespis.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which {@code .ci/run} installs) scraping three
 * {@code thespis member} processes from the archive, each serving {@code --metrics-port}: every target is up, and
 * each member reports the three live members.
 */
class PrometheusScrapeIT {
    private static final String LAUNCHER = Distribution.home().resolve("bin/thespis").toString();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The result vector of {@code query} on the server at {@code port}: one value per {@code instance}. */
    private static Map<String, String> query(int port, String query) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> values = new java.util.TreeMap<>();
            for (JsonNode sample : new ObjectMapper().readTree(response.body()).path("data").path("result")) {
                values.put(sample.path("metric").path("instance").asText(), sample.path("value").get(1).asText());
            }
            return values;
        } catch (IOException e) {
            return Map.of(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    @Test
    void prometheusScrapesThreeMembersAndEachCountsThreeLive(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "no " + PROMETHEUS + " (apt-get install prometheus;"
                + " .ci/run does)");
        int leaderPort = freePort();
        List<Distribution.Running> processes = new ArrayList<>();
        Set<String> targets = new TreeSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                int metricsPort = freePort();
                targets.add("127.0.0.1:" + metricsPort);
                Distribution.Running member = Distribution.start(List.of(LAUNCHER, "member", "--port",
                        String.valueOf(i == 0 ? leaderPort : 0), "--leader", "127.0.0.1:" + leaderPort,
                        "--metrics-port", String.valueOf(metricsPort), "--capability", "number=" + i,
                        "--state-dir", Files.createTempDirectory(dir, "state").toString()), Map.of());
                processes.add(member);
                await().atMost(Duration.ofSeconds(60)).until(() -> !member.process().isAlive()
                        || member.output().contains("thespis member: listening on"));
            }
            int prometheusPort = freePort();
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: thespis
                        static_configs:
                          - targets: [%s]
                    """.formatted(String.join(", ", targets)));
            processes.add(Distribution.start(List.of(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort),
                    Map.of()));

            Map<String, String> everyOne = new java.util.TreeMap<>();
            targets.forEach(target -> everyOne.put(target, "1"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> query(prometheusPort, "up{job=\"thespis\"}").equals(everyOne));
            Map<String, String> threeLive = new java.util.TreeMap<>();
            targets.forEach(target -> threeLive.put(target, "3"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> query(prometheusPort, "thespis_members_live").equals(threeLive));
            assertEquals(3, query(prometheusPort, "thespis_messages_delivered_total").size(),
                    "every member's counters are there");
        } finally {
            for (Distribution.Running process : processes) {
                process.close();
            }
        }
    }
}
