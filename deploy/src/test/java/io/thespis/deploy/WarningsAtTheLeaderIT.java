package io.thespis.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member's warnings in the leader's journal, as the shipped logging forwards them: two {@code thespis member}
 * processes from the archive, and the first dead letter on the one that does not lead.
 */
class WarningsAtTheLeaderIT {
    private static final String LAUNCHER = Distribution.home().resolve("bin/thespis").toString();
    private static final Pattern SYSTEM = Pattern.compile("Created new TestActor 0 @ ActorAddr-\\(([^#]+)#");

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Distribution.Running member(Path dir, int port, String leader) throws IOException {
        return Distribution.start(List.of(LAUNCHER, "member", "--port", String.valueOf(port), "--leader", leader,
                "--state-dir", Files.createTempDirectory(dir, "state").toString()), Map.of());
    }

    private static String shell(Path dir, String member, String script) throws Exception {
        Path input = Files.writeString(Files.createTempFile(dir, "script", ".txt"), script);
        ProcessBuilder shell = new ProcessBuilder(LAUNCHER, "shell", member).redirectErrorStream(true)
                .redirectInput(input.toFile());
        Distribution.Result result = Distribution.run(shell);
        assertEquals(0, result.exitCode(), result.output());
        return result.output();
    }

    @Test
    void theFirstDeadLetterOfAMemberIsInTheLeadersLogNamingTheMember(@TempDir Path dir) throws Exception {
        int leaderPort = freePort();
        String leader = "127.0.0.1:" + leaderPort;
        try (Distribution.Running leading = member(dir, leaderPort, leader);
             Distribution.Running joining = member(dir, freePort(), leader)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !joining.process().isAlive()
                    || joining.output().contains("joined the Convention led by " + leader));
            Matcher listening = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)").matcher(joining.output());
            assertTrue(listening.find(), joining.output());
            String member = listening.group(1);

            Matcher created = SYSTEM.matcher(shell(dir, member, "create_testActor\nexit\n"));
            assertTrue(created.find());
            shell(dir, member, "address " + created.group(1) + "#5\ntell 0 hello\nexit\n");

            await().atMost(Duration.ofSeconds(30)).until(() -> joining.output().contains("dead letter: dropped"));
            await().atMost(Duration.ofSeconds(30)).until(() -> leading.output().lines().anyMatch(line ->
                    line.contains(" WARN  i.thespis.forwarded - from " + member + " at ")
                            && line.contains(": io.thespis.internal.engine.Engine - dead letter: dropped")));
            assertTrue(leading.output().lines().noneMatch(line -> line.contains("dead letter: dropped")
                    && !line.contains("i.thespis.forwarded")), "the leader had no dead letter of its own");
        }
    }
}
