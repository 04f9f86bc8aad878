package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.internal.member.TestCertificates;
import io.thespis.actor.CreateOptions;
import io.thespis.testing.SourceJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code thespis member} as a separate process: a client connects to it, and SIGTERM stops it cleanly. */
class DaemonProcessTest {
    @Test
    void aClientConnectsToTheDaemonAndSigtermLeavesNothingBehind(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process daemon = startDaemon(dir, List.of("member", "--port", String.valueOf(port),
                "--capability", "Has DB access=true", "--capability", "gpus=2"));
        try {
            String address = "127.0.0.1:" + port;
            awaitListening(dir, address);
            try (ActorSystem client = ActorSystem.connect(address, TestCertificates.directory(), TestCertificates.OPERATOR)) {
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

    @Test
    void aDaemonWithATrustStoreLoadsSignedJarsOnlyAndKeepsThemAcrossARestart(@TempDir Path dir) throws Exception {
        SourceJars.Signer release = SourceJars.newSigner(dir, "release");
        Path trustStore = SourceJars.trustStore(dir, release);
        byte[] unsigned = SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("Hello, signed world!")));
        Path signed = SourceJars.write(dir, "signed.jar", SourceJars.sign(unsigned, release));
        int port = freePort();
        String address = "127.0.0.1:" + port;
        List<String> member = List.of("member", "--port", String.valueOf(port), "--state-dir",
                dir.resolve("state").toString(), "--source-truststore", trustStore.toString());
        Process daemon = startDaemon(dir, member);
        String hash;
        try {
            awaitListening(dir, address);
            CommandLineTest.Run load = CommandLineTest.thespis("load", signed.toString(), "--leader", address,
                    "--tls-dir", tls(), "--tls-name", TestCertificates.OPERATOR);
            assertEquals(0, load.exitCode(), load.err());
            hash = load.out().trim();
            assertTrue(load.err().contains("validated by signed-jar authority (" + trustStore + ")"), load.err());
            CommandLineTest.Run refused = CommandLineTest.thespis("load",
                    SourceJars.write(dir, "unsigned.jar", unsigned).toString(), "--leader", address, "--tls-dir", tls(),
                    "--tls-name", TestCertificates.OPERATOR);
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("is not signed"), refused.err());
            try (ActorSystem client = ActorSystem.connect(address, TestCertificates.directory(), TestCertificates.OPERATOR)) {
                ActorAddress hello = client.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash));
                assertEquals("Hello, signed world!", client.ask(hello, "hi", Duration.ofSeconds(10)));
            }
        } finally {
            stop(daemon);
        }
        Process restarted = startDaemon(dir, member);
        try {
            awaitListening(dir, address);
            assertTrue(CommandLineTest.thespis("sources", "--leader", address, "--tls-dir", tls(), "--tls-name",
                    TestCertificates.OPERATOR).out().contains(hash),
                    "a stored source that the trust store still accepts is loaded again");
        } finally {
            stop(restarted);
        }
    }

    private static String tls() {
        return TestCertificates.directory().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process startDaemon(Path dir, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), Thespis.class.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile());
        builder.environment().put("THESPIS_SOURCE_TRUSTSTORE_PASSWORD", SourceJars.storePassword());
        // Mutual TLS on, as the shipped env files set it.
        builder.environment().put("THESPIS_TLS_DIR", TestCertificates.directory().toString());
        builder.environment().put("THESPIS_TLS_NAME", TestCertificates.MEMBERS);
        return builder.start();
    }

    private static void awaitListening(Path dir, String address) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> output(dir).stream()
                .anyMatch(line -> line.startsWith("thespis member: listening on " + address)));
    }

    private static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> output(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("daemon.log"));
    }
}
