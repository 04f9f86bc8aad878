package io.thespis.internal.cli;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's address list as the introduction's section 4 uses it, and its refusals. */
class ShellTest {
    private static final String ADDRESS_FORMS = "expected HOST PORT or HOST:PORT (a member's admin, as in address"
            + " localhost 1900) or an actor address as printed (127.0.0.1:1900/abc#12 or ActorAddr-(...#12))";

    /** What the shell printed for {@code script}, line by line. */
    private static List<String> shell(String... script) {
        Iterator<String> lines = List.of(script).iterator();
        StringWriter out = new StringWriter();
        new Shell(new PrintWriter(out, true)).run(() -> lines.hasNext() ? lines.next() : null);
        return out.toString().lines().toList();
    }

    private static ActorSystem member() {
        return ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1").start();
    }

    @Test
    void addressHostPortAndHostColonPortNameAMembersAdminWhoseStatusIsShownByNumber() {
        try (ActorSystem member = member()) {
            String hostPort = member.status().adminAddress();
            String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
            List<String> lines = shell("address localhost " + port, "address " + hostPort, "address 127.0.0.1 " + port,
                    "status 1", "status 0");
            assertEquals("Actor Address 0: Admin @ localhost:" + port, lines.get(0));
            assertEquals("Actor Address 1: Admin @ " + hostPort, lines.get(1));
            assertEquals("Actor Address 1: Admin @ " + hostPort, lines.get(2), "the same admin keeps its number");
            assertEquals("Requesting status from Admin @ " + hostPort + " (#1)", lines.get(3));
            assertEquals("System   " + hostPort, lines.get(4));
            int second = lines.indexOf("Requesting status from Admin @ localhost:" + port + " (#0)");
            assertTrue(second > 4, String.join("\n", lines));
            assertEquals("System   " + hostPort, lines.get(second + 1), "localhost reaches the member on 127.0.0.1");
        }
    }

    @Test
    void anActorAddressTypedAsPrintedIsTheOneTheShellAlreadyNumbered() {
        try (ActorSystem member = member()) {
            List<String> lines = shell("connect " + member.status().adminAddress(), "create_testActor", "ask 0 create");
            String created = lines.get(2).substring("Response: ".length(), lines.get(2).indexOf(" (address 1)"));
            String systemAndId = created.substring("ActorAddr-(".length(), created.length() - 1);
            List<String> session = shell("connect " + member.status().adminAddress(), "address " + created,
                    "address " + systemAndId, "ask 0 hi");
            assertEquals("Actor Address 0: " + created, session.get(1));
            assertEquals("Actor Address 0: " + created, session.get(2));
            assertEquals("Response: TestActor @ " + created + " got: hi", session.get(3));
        }
    }

    @Test
    void statusOfAnActorsNumberShowsThatActorAndOfAnAddressWhereNoActorLivesIsAnError() {
        try (ActorSystem member = member()) {
            String hostPort = member.status().adminAddress();
            List<String> lines = shell("connect " + hostPort, "create_testActor", "ask 0 hi", "ask 0 again",
                    "status 0");
            String created = lines.get(1).substring(lines.get(1).indexOf(" @ ") + 3);
            assertEquals("Requesting status of actor " + created + " (#0)", lines.get(4));
            assertEquals("Actor                " + created, lines.get(5));
            assertEquals("Class                " + TestActor.class.getName(), lines.get(6));
            assertEquals("Source               (classpath)", lines.get(7));
            assertEquals("Mailbox              0 waiting", lines.get(9));
            assertEquals("Messages handled     2", lines.get(10));
            assertEquals("Dead-letter handler  no", lines.get(14));

            String system = created.substring("ActorAddr-(".length(), created.indexOf('#'));
            List<String> unknown = shell("address " + system + "#12", "status 0");
            assertEquals("Error: no actor at ActorAddr-(" + system + "#12): no such actor here: it exited, or never"
                    + " existed", unknown.get(2), "asked of the actor's member, no system in the shell");
        }
    }

    @Test
    void aStatusOfAnUnknownNumberIsAnErrorNotTheSystemsStatus() {
        assertEquals(List.of("Starting SEQUENTIAL ActorSystem",
                        "Error: no address number 5; known: none (0 addresses; the address command adds one)"),
                shell("start SEQUENTIAL", "status 5"));
        assertEquals("Error: no address number 1; known: 0 (1 address; the address command adds one)",
                shell("address localhost 1900", "status 1").get(1));
        assertEquals("Error: no address number x; known: 0..1 (2 addresses; the address command adds one)",
                shell("address localhost 1900", "address localhost 1901", "status x").get(2));
        assertEquals(List.of("Error: usage: status [N]"), shell("status 0 1"));
    }

    @Test
    void everyRefusalIsOneLineNamingTheInputAndWhatWasExpected() {
        assertEquals(List.of("Error: address 'localhost': " + ADDRESS_FORMS), shell("address localhost"));
        assertEquals(List.of("Error: address 'localhost port': " + ADDRESS_FORMS), shell("address localhost port"));
        assertEquals(List.of("Error: address 'ActorAddr-(a:1/b#99999999999999999999)': " + ADDRESS_FORMS),
                shell("address ActorAddr-(a:1/b#99999999999999999999)"));
        assertEquals(List.of("Error: usage: address HOST PORT or HOST:PORT (a member's admin, as in address"
                + " localhost 1900) or an actor address as printed (127.0.0.1:1900/abc#12 or ActorAddr-(...#12))"),
                shell("address"));
        assertEquals(List.of("Error: address 'localhost 99999': expected a port in 1..65535"),
                shell("address localhost 99999"));
        assertEquals(List.of("Error: address '127.0.0.1:0': expected a port in 1..65535"),
                shell("address 127.0.0.1:0"));
        assertEquals("Error: address 0 is the Admin @ localhost:1900, not an actor: ask an actor's address"
                + " (create_testActor, or address SYSTEM#ID)", shell("address localhost 1900", "ask 0 hello").get(1));
        assertEquals("Error: address 0 is the Admin @ localhost:1900, not an actor: tell an actor's address"
                + " (create_testActor, or address SYSTEM#ID)", shell("address localhost 1900", "tell 0 hello").get(1));
        assertEquals(List.of("Error: unknown base 'multiprocTCPBase'; expected SEQUENTIAL, CONCURRENT or NETWORK"
                + " (instead of Thespian's multiprocTCPBase: connect HOST:PORT to a running member, as thespis member"
                + " starts one, or start NETWORK for a new one in this shell)"), shell("start multiprocTCPBase"));
        assertEquals(List.of("Error: unknown base 'simpleSystemBase'; expected SEQUENTIAL, CONCURRENT or NETWORK"
                + " (Thespian's simpleSystemBase is start SEQUENTIAL)"), shell("start simpleSystemBase"));
        assertEquals(List.of("Error: unknown base 'PARALLEL'; expected SEQUENTIAL, CONCURRENT or NETWORK"),
                shell("start PARALLEL"));
        assertEquals(List.of("Error: listen 'soon': expected SECONDS, a whole number"), shell("listen soon"));
    }

    @Test
    void echoPrintsAScriptedSessionAsATranscript() {
        InputStream standardInput = System.in;
        try {
            System.setIn(new ByteArrayInputStream("address localhost 1900\nstatus 4\nexit\n"
                    .getBytes(StandardCharsets.UTF_8)));
            CommandLineTest.Run run = CommandLineTest.thespis("shell", "--echo");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("thespis> address localhost 1900", "Actor Address 0: Admin @ localhost:1900",
                    "thespis> status 4",
                    "Error: no address number 4; known: 0 (1 address; the address command adds one)",
                    "thespis> exit"), run.out().lines().toList());
        } finally {
            System.setIn(standardInput);
        }
    }
}
