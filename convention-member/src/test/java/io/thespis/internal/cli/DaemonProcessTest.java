package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code thespis member} as a separate process: a client connects to it, and SIGTERM stops it cleanly. */
class DaemonProcessTest {
    @Test
    void aClientConnectsToTheDaemonAndSigtermLeavesNothingBehind(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Thespis.class.getName(), "member",
                "--port", String.valueOf(port), "--capability", "Has DB access=true", "--capability", "gpus=2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        try {
            String address = "127.0.0.1:" + port;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> output(dir).stream().anyMatch(line -> line.startsWith("thespis member: listening on " + address)));
            try (ActorSystem client = ActorSystem.connect(address)) {
                ActorAddress echo = client.createActor(TestActor.class.getName(), CreateOptions.none());
                ActorAddress second = (ActorAddress) client.ask(echo, "create", Duration.ofSeconds(10));
                assertEquals("TestActor @ " + second + " got: hi", client.ask(second, "hi", Duration.ofSeconds(10)));
                assertEquals(2, client.status().actorCount());
                assertEquals(Boolean.TRUE, client.status().capabilities().get("Has DB access"));
                assertEquals(2, client.status().capabilities().get("gpus"));
            }
            daemon.destroy();
            assertTrue(daemon.waitFor(15, TimeUnit.SECONDS), "the daemon did not stop within 15 s");
            List<String> output = output(dir);
            assertEquals(0, daemon.exitValue(), String.join("\n", output));
            assertTrue(output.contains("thespis member: stopping (leaving the Convention, asking 2 actors to exit)"),
                    String.join("\n", output));
            assertTrue(output.contains("thespis member: stopped; 0 actors left"), String.join("\n", output));
            assertFalse(daemon.isAlive());
            assertTrue(daemon.descendants().findAny().isEmpty());
        } finally {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> output(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("daemon.log"));
    }
}
