package io.thespis.internal.member;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus endpoint of a member, scraped over HTTP and parsed. */
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? (\\S+)$");
    private final NetworkSystems systems = new NetworkSystems();

    @AfterEach
    void stopAll() {
        systems.stopAll();
    }

    private ActorSystem start(String leader, int metricsPort) {
        return systems.start(leader, builder -> metricsPort >= 0 ? builder.metricsPort(metricsPort) : builder);
    }

    /** Echoes text. */
    public static class Echo extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, text);
            }
        }
    }

    /** Every sample of the scrape, by name and labels as written. */
    static Map<String, Double> scrape(ActorSystem system) throws IOException, InterruptedException {
        int port = ((NetworkActorSystem) system).metricsPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                String labels = sample.group(2) == null ? "" : sample.group(2);
                String cause = labels.replaceAll(".*cause=\"([a-z_-]+)\".*", "$1");
                String outcome = labels.replaceAll(".*outcome=\"([a-z_]+)\".*", "$1");
                String key = sample.group(1) + (labels.contains("cause=") ? "{" + cause + "}" : "")
                        + (labels.contains("outcome=") ? "{" + outcome + "}" : "");
                samples.put(key, Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    @Test
    void aMembersMetricsAreServedAsPrometheusText() throws Exception {
        ActorSystem leader = start(null, 0);
        ActorSystem other = start(leader.status().adminAddress(), -1);
        await().atMost(WAIT).until(() -> scrape(leader).get("thespis_members_live") == 2.0);

        ActorAddress echo = leader.createActor(Echo.class);
        for (int i = 0; i < 10; i++) {
            assertEquals("hi", leader.ask(echo, "hi", WAIT));
        }
        ActorAddress there = other.createActor(Echo.class);
        // As another host would hold it: an address of this JVM's other system would reach it without the network.
        leader.tell(ActorAddress.of(there.system(), there.actorId()), "over there");
        leader.tell(echo, new ActorExitRequest());
        assertThrows(ActorGoneException.class, () -> leader.ask(echo, "anyone?", WAIT));
        leader.updateCapability("zone", "eu-west");

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> samples = scrape(leader);
            assertTrue(samples.get("thespis_messages_delivered_total") >= 10, samples.toString());
            assertTrue(samples.get("thespis_actor_turns_total") >= 1, samples.toString());
            assertEquals(1.0, samples.get("thespis_messages_sent_remote_total"), samples.toString());
            assertTrue(samples.get("thespis_dead_letters_total{actor_exited}") >= 1, samples.toString());
            assertEquals(0.0, samples.get("thespis_dead_letters_total{member_gone}"), samples.toString());
            assertEquals(1.0, samples.get("thespis_capability_updates_total"), samples.toString());
            assertEquals(0.0, samples.get("thespis_actors_live"), samples.toString());
            assertTrue(samples.containsKey("thespis_mailbox_backlog"), samples.toString());
            assertTrue(samples.containsKey("thespis_link_queued_bytes"), samples.toString());
            assertTrue(samples.get("thespis_leader_heartbeat_lag_seconds") < 5, samples.toString());
        });
        assertEquals(-1, ((NetworkActorSystem) other).metricsPort(), "no port given, nothing served");
    }
}
