package io.thespis.internal.cli;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.testing.SourceJars;
import io.thespis.testing.TestAuthorities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.thespis.internal.cli.CommandLineTest.thespis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code thespis load}, {@code unload}, {@code sources} and the shell's source commands against a live Convention. */
class SourceCommandsTest {
    @TempDir
    Path files;
    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    private ActorSystem start(String leader) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .stateDirectory(files.resolve("state-" + systems.size()));
        ActorSystem system = (leader == null ? builder : builder.conventionLeader(leader)).start();
        systems.add(system);
        return system;
    }

    @Test
    void operatorsLoadListAndUnloadSourcesAndTheShellCreatesFromThem() {
        ActorSystem leader = start(null);
        leader.createActor(TestAuthorities.Accepting.class);
        String leaderAddress = leader.status().adminAddress();
        ActorSystem worker = start(leaderAddress);
        String workerAddress = worker.status().adminAddress();
        await().atMost(Duration.ofSeconds(20)).until(() -> leader.status().members().size() == 2);
        Path v1 = SourceJars.write(files, "v1.jar", SourceJars.compile(Map.of("demo.hello.Hello",
                SourceJars.hello("Hello, world!"))));
        Path v2 = SourceJars.write(files, "v2.jar", SourceJars.compile(Map.of("demo.hello.Hello",
                SourceJars.hello("Hello, universe!"))));

        CommandLineTest.Run load = thespis("load", v1.toString(), "--leader", leaderAddress);
        assertEquals(0, load.exitCode(), load.err());
        String world = load.out().trim();
        assertTrue(world.matches("[0-9a-f]{64}"), load.out());
        assertTrue(load.out().endsWith("\n"), load.out());
        assertTrue(load.err().contains("validated by Source Authority"), load.err());

        Iterator<String> script = List.of("connect " + workerAddress, "load " + v2, "create demo.hello.Hello " + world,
                "ask 0 hi", "exit").iterator();
        StringWriter shellOut = new StringWriter();
        new Shell(new PrintWriter(shellOut, true)).run(() -> script.hasNext() ? script.next() : null);
        List<String> lines = shellOut.toString().lines().toList();
        assertTrue(lines.get(1).startsWith("Loaded source "), shellOut.toString());
        String universe = lines.get(1).substring("Loaded source ".length());
        assertTrue(lines.get(2).startsWith("Created demo.hello.Hello 0 @ ActorAddr-(" + workerAddress), lines.get(2));
        assertEquals("Response: Hello, world!", lines.get(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> thespis("sources", "--leader", leaderAddress).out()
                .contains("held by " + leaderAddress + ", " + workerAddress));
        CommandLineTest.Run sources = thespis("sources", "--leader", leaderAddress);
        assertTrue(sources.out().contains(world) && sources.out().contains(universe), sources.out());
        assertTrue(sources.out().endsWith("\n"), sources.out());
        String json = thespis("sources", "--json", "--leader", leaderAddress).out();
        assertTrue(json.contains("\"hash\" : \"" + world + "\"") && json.endsWith("\n"), json);
        assertTrue(thespis("status", workerAddress).out().contains(world), "status lists the sources the member holds");

        CommandLineTest.Run notLeader = thespis("load", v1.toString(), "--leader", workerAddress);
        assertEquals(1, notLeader.exitCode());
        assertTrue(notLeader.err().contains(workerAddress + " is not the Convention Leader"), notLeader.err());

        assertEquals(0, thespis("unload", world, "--leader", leaderAddress).exitCode());
        assertEquals(0, thespis("unload", universe, "--leader", leaderAddress).exitCode());
        assertEquals("No sources loaded.\n", thespis("sources", "--leader", leaderAddress).out());
        CommandLineTest.Run again = thespis("unload", world, "--leader", leaderAddress);
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("unknown source " + world), again.err());
        CommandLineTest.Run malformed = thespis("unload", "v1", "--leader", leaderAddress);
        assertTrue(malformed.err().contains("64 lower-case hex digits"), malformed.err());
        assertTrue(thespis("load", "--help").out().contains("Usage: thespis load"));
    }
}
