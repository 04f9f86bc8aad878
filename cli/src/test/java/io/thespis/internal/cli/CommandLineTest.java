package io.thespis.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code thespis} command run in this JVM: help, errors and exit codes, status and the shell. */
class CommandLineTest {
    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    /** What one run of the command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
    }

    static Run thespis(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Thespis.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        Run help = thespis("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().endsWith("\n"), "the shell's prompt starts on a line of its own");
        for (String command : List.of("member", "status", "shell", "load", "unload", "sources", "demo")) {
            assertTrue(help.out().contains(command), help.out());
            Run commandHelp = thespis(command, "--help");
            assertEquals(0, commandHelp.exitCode(), command);
            assertTrue(commandHelp.out().contains("Usage: thespis " + command), commandHelp.out());
            assertTrue(commandHelp.out().endsWith("\n"), command);
            Run version = thespis(command, "--version");
            assertTrue(version.out().startsWith("thespis ") && version.out().endsWith("\n"), command);
        }
        String memberHelp = thespis("member", "--help").out();
        assertTrue(memberHelp.contains("THESPIS_CAPABILITIES"), memberHelp);
        assertTrue(memberHelp.contains("--log-config=FILE") && memberHelp.contains("[THESPIS_LOG_CONFIG; config key log-config]"), memberHelp);
    }

    @Test
    void printConfigShowsEveryEffectiveValueAndWhereItCameFromWithoutStarting() {
        Run printed = thespis("member", "--timing", "wan", "--port", "2000", "--print-config");
        assertEquals(0, printed.exitCode(), printed.err());
        List<String> lines = printed.out().lines().toList();
        assertEquals(MemberSetting.values().length, lines.size(), printed.out());
        assertTrue(lines.contains(String.format("%-34s  2000  (flag)", "--port")), printed.out());
        assertTrue(lines.contains(String.format("%-34s  2000  (timing preset wan)", "--heartbeat-ms")), printed.out());
        assertTrue(lines.contains(String.format("%-34s  64M  (default)", "--max-source-size")), printed.out());
    }

    @Test
    void mistakesAreOneLineWithExitCodeTwo() throws IOException {
        Run badPort = thespis("member", "--port", "abc");
        assertEquals(2, badPort.exitCode());
        assertEquals("thespis member: --port: expected a whole number 0..65535, got 'abc'\n", badPort.err());
        Run badCapability = thespis("member", "--capability", "gpus");
        assertEquals(2, badCapability.exitCode());
        assertTrue(badCapability.err().startsWith("thespis member: --capability: expected NAME=VALUE"), badCapability.err());
        Run unknown = thespis("member", "--no-such-flag");
        assertEquals(2, unknown.exitCode());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        Run noLogConfig = thespis("member", "--log-config", "/no/such/logback.xml");
        assertEquals(2, noLogConfig.exitCode());
        assertEquals("thespis member: --log-config: cannot use /no/such/logback.xml: no such file (expected a Logback "
                + "configuration file, such as the distribution's conf/logback.xml)\n", noLogConfig.err());
        Run unreadable = thespis("member", "--capabilities-file", "/no/such/file");
        assertEquals(2, unreadable.exitCode());
        assertTrue(unreadable.err().contains("cannot read capabilities file /no/such/file"), unreadable.err());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run inUse = thespis("member", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, inUse.exitCode());
            assertTrue(inUse.err().startsWith("thespis member: --port/--advertise: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()), inUse.err());
            assertEquals(1, inUse.err().lines().count(), inUse.err());
        }
        Run nobody = thespis("status", "127.0.0.1:9");
        assertEquals(1, nobody.exitCode());
        assertTrue(nobody.err().contains("cannot get the status of 127.0.0.1:9: UNAVAILABLE"), nobody.err());
        assertEquals(1, nobody.err().lines().count(), nobody.err());
        assertEquals(2, thespis("status", "nonsense").exitCode());
    }

    private ActorSystem member(String leader, Map<String, Object> capabilities) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .capabilities(capabilities);
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        ActorSystem system = builder.start();
        systems.add(system);
        return system;
    }

    @Test
    void statusShowsALiveConventionAsATableAndAsJson() throws IOException {
        ActorSystem leader = member(null, Map.of("role", "leader"));
        String leaderAddress = leader.status().adminAddress();
        ActorSystem db = member(leaderAddress, Map.of("Has DB access", true, "zone", "eu-west"));
        ActorSystem worker = member(leaderAddress, Map.of("gpus", 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> leader.status().members().size() == 3
                && db.status().members().size() == 3 && worker.status().members().size() == 3);
        ActorAddress actor = worker.createActor(TestActor.class);

        Run table = thespis("status", worker.status().adminAddress());
        assertEquals(0, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals("System   " + worker.status().adminAddress(), lines.get(0));
        assertEquals("Leader   " + leaderAddress, lines.get(1));
        assertEquals("Actors   1 on this system", lines.get(2));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(db.status().adminAddress())
                && line.endsWith("Has DB access=true, zone=eu-west")), table.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(worker.status().adminAddress() + " *")
                && line.contains(" 1  gpus=2")), table.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Counters ") && line.contains("actorsCreated=1")));
        int actors = lines.indexOf("Actors, largest mailboxes first:");
        assertTrue(actors > 0, table.out());
        assertTrue(lines.get(actors + 2).startsWith(actor + "        0          0         0         0  "
                + TestActor.class.getName()), table.out());
        assertTrue(lines.contains("Wakeups       0 pending") && lines.contains("Authority     (no Source Authority)"),
                table.out());
        assertTrue(table.out().endsWith("\n"), table.out());

        Run one = thespis("status", actor.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertEquals("Actor                " + actor, one.out().lines().findFirst().orElseThrow());
        assertTrue(one.out().contains("\nClass                " + TestActor.class.getName() + "\n"), one.out());
        Run oneBare = thespis("status", "--json", actor.system() + "#" + actor.actorId());
        assertEquals(0, oneBare.exitCode(), oneBare.err());
        JsonNode actorJson = new ObjectMapper().readTree(oneBare.out());
        assertEquals(actor.toString(), actorJson.get("address").asText());
        assertEquals(0, actorJson.get("messagesHandled").asLong());
        Run gone = thespis("status", actor.system() + "#12345");
        assertEquals(1, gone.exitCode());
        assertEquals("thespis status: no actor at ActorAddr-(" + actor.system() + "#12345): no such actor here: it"
                + " exited, or never existed", gone.err().strip());

        Run json = thespis("status", "--json", leaderAddress);
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().endsWith("\n"), json.out());
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals(leaderAddress, status.get("adminAddress").asText());
        assertEquals(3, status.get("members").size());
        for (Iterator<JsonNode> members = status.get("members").elements(); members.hasNext(); ) {
            JsonNode member = members.next();
            if (member.get("adminAddress").asText().equals(db.status().adminAddress())) {
                assertTrue(member.get("capabilities").get("Has DB access").asBoolean());
            }
        }
    }

    @Test
    void theShellIsDrivenByScriptedInput() {
        ActorSystem daemon = member(null, Map.of("role", "daemon"));
        String address = daemon.status().adminAddress();
        Iterator<String> script = List.of("connect " + address, "create_testActor", "ask 0 hello", "ask 0 create",
                "ask 1 hi", "tell 0 ping", "listen 5", "capability zone eu-west", "members", "status", "ask 7 x",
                "frobnicate", "help", "exit", "ask 0 never").iterator();
        StringWriter out = new StringWriter();
        new Shell(new PrintWriter(out, true)).run(() -> script.hasNext() ? script.next() : null);
        List<String> lines = out.toString().lines().toList();
        assertEquals("Connected to " + address, lines.get(0));
        assertTrue(lines.get(1).startsWith("Created new TestActor 0 @ ActorAddr-(" + address + "/"), lines.get(1));
        String testActor = lines.get(1).substring(lines.get(1).indexOf("@ ") + 2);
        assertEquals("Response: TestActor @ " + testActor + " got: hello", lines.get(2));
        assertTrue(lines.get(3).startsWith("Response: ActorAddr-(") && lines.get(3).endsWith("(address 1)"), lines.get(3));
        assertTrue(lines.get(4).startsWith("Response: TestActor @ ActorAddr-(") && lines.get(4).endsWith(" got: hi"),
                lines.get(4));
        assertEquals("Sent.", lines.get(5));
        assertEquals("Received: TestActor @ " + testActor + " got: ping", lines.get(6));
        assertEquals("Set capability zone = eu-west.", lines.get(7));
        assertEquals(address + "  role=daemon, zone=eu-west", lines.get(8));
        assertTrue(out.toString().contains("Actors   2 on this system"), out.toString());
        assertTrue(out.toString().contains("Error: no address number 7; known: 0..1"), out.toString());
        assertTrue(out.toString().contains("Unknown command 'frobnicate'; type help for the list."));
        assertTrue(out.toString().contains("create_testActor"));
        assertTrue(lines.get(lines.size() - 1).equals("Disconnected."), lines.get(lines.size() - 1));
        assertEquals(2, daemon.status().actorCount(), "the shell's exit leaves the daemon and its actors running");
    }

    @Test
    void theDemoRunsAConventionAndStopsIt() {
        Run demo = thespis("demo");
        assertEquals(0, demo.exitCode(), demo.err() + demo.out());
        assertTrue(demo.out().contains("Every hop is mutual TLS"), demo.out());
        assertTrue(demo.out().contains("-> placed on"), demo.out());
        assertTrue(demo.out().contains("-> refused: no system can host"), demo.out());
        assertEquals(3, demo.out().lines().filter(line -> line.contains("stopped, exit code 0")).count(), demo.out());
    }
}
