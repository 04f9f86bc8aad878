package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.SystemBase;
import io.thespis.internal.member.sources.SourceClient;
import io.thespis.proto.v1.SourceInfo;
import io.thespis.testing.SourceJars;
import io.thespis.testing.TestAuthorities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources across a Convention on loopback: loaded through any member, kept by the leader, fetched on demand. */
class SourceDistributionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKER_HELLO = """
            package demo.hello;

            import io.thespis.actor.Actor;
            import io.thespis.actor.ActorAddress;
            import io.thespis.actor.RequireCapability;

            @RequireCapability("worker")
            public class Hello extends Actor {
                @Override
                protected void receiveMessage(Object message, ActorAddress sender) {
                    if (message instanceof String text) {
                        send(sender, new Greeting("%s", text));
                    }
                }
            }
            """;
    private static final String GREETING = """
            package demo.hello;

            public record Greeting(String text, String to) {
            }
            """;

    @TempDir
    static Path jars;
    static Path v1;
    static Path v2;
    @TempDir
    Path state;
    private final List<ActorSystem> systems = new ArrayList<>();

    @BeforeAll
    static void buildJars() {
        v1 = SourceJars.write(jars, "v1.jar", SourceJars.compile(Map.of(
                "demo.hello.Hello", WORKER_HELLO.formatted("Hello, world!"), "demo.hello.Greeting", GREETING)));
        v2 = SourceJars.write(jars, "v2.jar", SourceJars.compile(Map.of(
                "demo.hello.Hello", WORKER_HELLO.formatted("Hello, universe!"), "demo.hello.Greeting", GREETING)));
    }

    @AfterEach
    void stop() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }

    private ActorSystem leader(boolean withAuthority) {
        ActorSystem leader = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .stateDirectory(state.resolve("leader")).start();
        systems.add(leader);
        if (withAuthority) {
            leader.createActor(TestAuthorities.Accepting.class);
        }
        return leader;
    }

    private ActorSystem worker(ActorSystem leader, String name) {
        ActorSystem worker = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader(leader.status().adminAddress()).capability("worker", true)
                .stateDirectory(state.resolve(name)).start();
        systems.add(worker);
        await().atMost(WAIT).until(() -> leader.status().members().size() == systems.size());
        return worker;
    }

    private static CreateOptions from(String hash) {
        return CreateOptions.none().withSourceHash(hash);
    }

    private static String text(Object greeting) {
        assertEquals("demo.hello.Greeting", greeting.getClass().getName(), String.valueOf(greeting));
        return greeting.toString();
    }

    @Test
    void twoVersionsLoadedThroughAMemberRunSideBySideOnAMemberThatFetchesThem() {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        String world = worker.loadActorSource(v1);
        String universe = worker.loadActorSource(v2);
        assertTrue(leader.status().loadedSources().containsAll(List.of(world, universe)));

        ActorAddress first = leader.createActor("demo.hello.Hello", from(world));
        ActorAddress second = leader.createActor("demo.hello.Hello", from(universe));
        assertEquals(worker.status().adminAddress(), first.system().substring(0, first.system().indexOf('/')),
                "only the worker qualifies");
        assertEquals("Greeting[text=Hello, world!, to=hi]", text(leader.ask(first, "hi", WAIT)));
        assertEquals("Greeting[text=Hello, universe!, to=hi]", text(leader.ask(second, "hi", WAIT)));
        assertTrue(Files.exists(state.resolve("worker").resolve("sources").resolve(world + ".jar")));
        assertEquals(2L, worker.status().counters().get("sourceFetches"));

        await().atMost(WAIT).until(() -> holders(leader, world).contains(worker.status().adminAddress()));
    }

    private static List<String> holders(ActorSystem leader, String hash) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(leader.status().adminAddress()).usePlaintext().build();
        try {
            for (SourceInfo info : new SourceClient(channel, leader.status().adminAddress()).list()) {
                if (info.getHash().equals(hash)) {
                    return info.getHoldersList();
                }
            }
            return List.of();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void concurrentCreationsFromOneSourceFetchItOnce() throws Exception {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        String hash = leader.loadActorSource(v1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<ActorAddress>> created = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                created.add(callers.submit((Callable<ActorAddress>) () -> worker.createActor("demo.hello.Hello",
                        from(hash))));
            }
            for (Future<ActorAddress> address : created) {
                assertEquals("Greeting[text=Hello, world!, to=hi]",
                        text(worker.ask(address.get(30, TimeUnit.SECONDS), "hi", WAIT)));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1L, worker.status().counters().get("sourceFetches"));
    }

    @Test
    void aJarThatArrivesWithAnotherHashIsRefused() throws Exception {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        String hash = leader.loadActorSource(v1);
        Files.write(state.resolve("leader").resolve("sources").resolve(hash + ".jar"), Files.readAllBytes(v2));
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> worker.createActor("demo.hello.Hello", from(hash)));
        assertTrue(refused.getMessage().contains("refused as corrupted or tampered with"), refused.getMessage());
        assertFalse(Files.exists(state.resolve("worker").resolve("sources").resolve(hash + ".jar")));
    }

    @Test
    void anUnloadReachesEveryMemberButTheirActorsLiveOn() {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        String hash = leader.loadActorSource(v1);
        ActorAddress hello = worker.createActor("demo.hello.Hello", from(hash));
        worker.unloadActorSource(hash);
        await().atMost(WAIT).until(() -> !worker.status().loadedSources().contains(hash));
        assertFalse(leader.status().loadedSources().contains(hash));
        assertFalse(Files.exists(state.resolve("worker").resolve("sources").resolve(hash + ".jar")));
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> worker.createActor("demo.hello.Hello", from(hash)));
        assertTrue(refused.getMessage().contains("was unloaded"), refused.getMessage());
        assertEquals("Greeting[text=Hello, world!, to=again]", text(worker.ask(hello, "again", WAIT)));
        InvalidSourceException unknown = assertThrows(InvalidSourceException.class,
                () -> worker.unloadActorSource(hash));
        assertTrue(unknown.getMessage().contains("not loaded in the Convention"), unknown.getMessage());
    }

    @Test
    void withoutAnAuthorityOnTheLeaderALoadIsRefusedAndSaysSo() {
        ActorSystem leader = leader(false);
        ActorSystem worker = worker(leader, "worker");
        InvalidSourceException refused = assertThrows(InvalidSourceException.class, () -> worker.loadActorSource(v1));
        assertTrue(refused.getMessage().contains("no Source Authority is registered in system "
                + leader.status().adminAddress()), refused.getMessage());
    }

    @Test
    void aMemberWithAnAuthorityOfItsOwnValidatesWhatItFetches() {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        worker.createActor(TestAuthorities.Refusing.class);
        String hash = leader.loadActorSource(v1);
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> worker.createActor("demo.hello.Hello", from(hash)));
        assertTrue(refused.getMessage().contains(TestAuthorities.REFUSAL), refused.getMessage());
    }

    @Test
    void entriesThatClimbOutAreRefusedAndNothingIsWrittenOutsideTheStateDirectory() throws Exception {
        ActorSystem leader = leader(true);
        ActorSystem worker = worker(leader, "worker");
        Path escaping = SourceJars.write(jars, "escaping.jar", SourceJars.withExtraEntry(Files.readAllBytes(v1),
                "../../escaped.txt", "gotcha".getBytes(StandardCharsets.UTF_8)));
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> worker.loadActorSource(escaping));
        assertTrue(refused.getMessage().contains("entry names must be relative paths"), refused.getMessage());
        try (var files = Files.walk(state)) {
            assertEquals(List.of(), files.filter(path -> path.getFileName().toString().equals("escaped.txt")).toList());
        }
        assertFalse(Files.exists(state.getParent().resolve("escaped.txt")));
        assertEquals(List.of(), leader.status().loadedSources());
    }

    @Test
    void anOversizeSourceIsRefusedByTheSenderAndByTheLeader() {
        ActorSystem leader = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .maxSourceSize(300).stateDirectory(state.resolve("leader")).start();
        systems.add(leader);
        leader.createActor(TestAuthorities.Accepting.class);
        ActorSystem small = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader(leader.status().adminAddress()).maxSourceSize(200)
                .stateDirectory(state.resolve("small")).start();
        systems.add(small);
        InvalidSourceException atSender = assertThrows(InvalidSourceException.class, () -> small.loadActorSource(v1));
        assertTrue(atSender.getMessage().contains("the limit is 200 bytes"), atSender.getMessage());
        ActorSystem large = worker(leader, "large");
        InvalidSourceException atLeader = assertThrows(InvalidSourceException.class, () -> large.loadActorSource(v1));
        assertTrue(atLeader.getMessage().contains("the limit is 300 bytes"), atLeader.getMessage());
    }

    @Test
    void unvalidatedSourcesAreRefusedOnASystemOthersCanReach() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ActorSystem.builder()
                .base(SystemBase.NETWORK).adminPort(0).advertise("192.0.2.10").insecurePlaintext().allowUnvalidatedSources(true)
                .start());
        assertTrue(refused.getMessage().contains("advertises 192.0.2.10"), refused.getMessage());
    }
}
