package io.thespis.examples.shell;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellSessionTest {
    @Test
    void theIntroductionsSessionCreatesAsksAndShowsTheAdminsStatus() throws Exception {
        try (ActorSystem member = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .start()) {
            String hostPort = member.status().adminAddress();
            String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
            List<String> transcript = ShellSession.play(hostPort);
            String all = String.join("\n", transcript);

            assertEquals(List.of("$ thespis shell --echo", "thespis> connect " + hostPort, "Connected to " + hostPort,
                    "thespis> address 127.0.0.1 " + port, "Actor Address 0: Admin @ " + hostPort,
                    "thespis> create_testActor"), transcript.subList(0, 6), all);
            String created = after("Created new TestActor 1 @ ", transcript.get(6));
            assertTrue(created.startsWith("ActorAddr-(" + hostPort + "/"), all);
            assertEquals(List.of("thespis> ask 1 hello", "Response: TestActor @ " + created + " got: hello",
                    "thespis> ask 1 create"), transcript.subList(7, 10), all);
            String newActor = transcript.get(10).substring("Response: ".length(), transcript.get(10).indexOf(')') + 1);
            assertEquals("Response: " + newActor + " (address 2)", transcript.get(10), all);
            assertEquals(List.of("thespis> address " + newActor, "Actor Address 2: " + newActor, "thespis> ask 2 hi",
                    "Response: TestActor @ " + newActor + " got: hi", "thespis> status 0",
                    "Requesting status from Admin @ " + hostPort + " (#0)", "System   " + hostPort),
                    transcript.subList(11, 18), all);
            assertTrue(transcript.contains("Actors   2 on this system"), all);
            assertEquals(List.of("thespis> exit", "Disconnected."),
                    transcript.subList(transcript.size() - 2, transcript.size()), all);
            assertEquals(2, member.status().actorCount(), "the TestActors outlive the shell, on the member");
        }
    }

    private static String after(String prefix, String line) {
        assertTrue(line.startsWith(prefix), line);
        return line.substring(prefix.length());
    }
}
