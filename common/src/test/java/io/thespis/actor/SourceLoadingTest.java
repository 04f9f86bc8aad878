package io.thespis.actor;

import io.thespis.testing.SourceJars;
import io.thespis.testing.TestAuthorities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading actor sources, validating them and creating actors from them, on every in-process base. */
class SourceLoadingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PARENT = """
            package demo.hello;

            import io.thespis.actor.Actor;
            import io.thespis.actor.ActorAddress;
            import io.thespis.actor.CreateOptions;

            public class Parent extends Actor {
                private ActorAddress asker;

                @Override
                protected void receiveMessage(Object message, ActorAddress sender) {
                    if (message instanceof String text && asker == null) {
                        asker = sender;
                        send(createActor("demo.hello.Hello", CreateOptions.none()), text);
                    } else if (message instanceof String) {
                        send(asker, "child says " + message);
                    }
                }
            }
            """;
    private static final String SNOOP = """
            package demo.snoop;

            import io.thespis.actor.Actor;
            import io.thespis.actor.ActorAddress;

            public class Snoop extends Actor {
                @Override
                protected void receiveMessage(Object message, ActorAddress sender) {
                    try {
                        Class.forName((String) message);
                        send(sender, "loaded");
                    } catch (ClassNotFoundException e) {
                        send(sender, "not found");
                    }
                }
            }
            """;

    @TempDir
    static Path files;
    static Path v1;
    static Path v2;

    @BeforeAll
    static void buildJars() {
        v1 = SourceJars.write(files, "hello-v1.jar", SourceJars.compile(Map.of(
                "demo.hello.Hello", SourceJars.hello("Hello, world!"), "demo.hello.Parent", PARENT)));
        v2 = SourceJars.write(files, "hello-v2.jar", SourceJars.compile(Map.of(
                "demo.hello.Hello", SourceJars.hello("Hello, universe!"), "demo.hello.Parent", PARENT)));
    }

    private static ActorSystem start(SystemBase base) {
        return ActorSystem.builder().base(base).start();
    }

    @EveryLocalBase
    void twoVersionsOfOneClassRunSideBySide(SystemBase base) {
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            String first = system.loadActorSource(v1);
            String second = system.loadActorSource(v2);
            assertNotEquals(first, second);
            assertTrue(first.matches("[0-9a-f]{64}"), first);
            ActorAddress world = system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(first));
            ActorAddress universe = system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(second));
            assertEquals("Hello, world!", system.ask(world, "hi", WAIT));
            assertEquals("Hello, universe!", system.ask(universe, "hi", WAIT));
            assertTrue(system.status().loadedSources().containsAll(java.util.List.of(first, second)),
                    system.status().loadedSources().toString());
        }
    }

    @EveryLocalBase
    void anActorFromASourceCreatesItsChildrenFromTheSameSource(SystemBase base) {
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            system.loadActorSource(v1);
            String second = system.loadActorSource(v2);
            ActorAddress parent = system.createActor("demo.hello.Parent", CreateOptions.none().withSourceHash(second));
            assertEquals("child says Hello, universe!", system.ask(parent, "hi", WAIT));
        }
    }

    @EveryLocalBase
    void withoutAnAuthorityASourceIsRefusedAtLoadingAndAtCreation(SystemBase base) throws Exception {
        try (ActorSystem system = start(base)) {
            InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                    () -> system.loadActorSource(v1));
            assertTrue(refused.getMessage().contains("no Source Authority is registered"), refused.getMessage());
            String hash = io.thespis.internal.source.SourceJar.sha256(Files.readAllBytes(v1));
            InvalidSourceException atCreation = assertThrows(InvalidSourceException.class, () ->
                    system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash)));
            assertTrue(atCreation.getMessage().contains("was refused because no Source Authority is registered"),
                    atCreation.getMessage());
            assertTrue(system.status().loadedSources().isEmpty());
        }
    }

    @EveryLocalBase
    void theAuthoritysRefusalIsTheError(SystemBase base) {
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Refusing.class);
            InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                    () -> system.loadActorSource(v1));
            assertTrue(refused.getMessage().contains(TestAuthorities.REFUSAL), refused.getMessage());
        }
    }

    @EveryLocalBase
    void theDevelopmentSwitchAcceptsUnvalidatedSources(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).allowUnvalidatedSources(true).start()) {
            String hash = system.loadActorSource(v1);
            ActorAddress hello = system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash));
            assertEquals("Hello, world!", system.ask(hello, "hi", WAIT));
        }
    }

    @EveryLocalBase
    void anUnloadedSourceCreatesNoMoreActorsButItsActorsLiveOn(SystemBase base) {
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            String hash = system.loadActorSource(v1);
            ActorAddress hello = system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash));
            system.unloadActorSource(hash);
            InvalidSourceException refused = assertThrows(InvalidSourceException.class, () ->
                    system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(hash)));
            assertTrue(refused.getMessage().contains("was unloaded"), refused.getMessage());
            assertEquals("Hello, world!", system.ask(hello, "still there?", WAIT));
            assertFalse(system.status().loadedSources().contains(hash));
            assertThrows(InvalidSourceException.class, () -> system.unloadActorSource(hash));
        }
    }

    @EveryLocalBase
    void aSourceOverTheLimitIsRefused(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).maxSourceSize(100).start()) {
            system.createActor(TestAuthorities.Accepting.class);
            InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                    () -> system.loadActorSource(v1));
            assertTrue(refused.getMessage().contains("the limit is 100 bytes"), refused.getMessage());
        }
    }

    @EveryLocalBase
    void entriesThatClimbOutOfTheJarAreRefused(SystemBase base) throws Exception {
        Path escaping = SourceJars.write(files, "escaping.jar", SourceJars.withExtraEntry(Files.readAllBytes(v1),
                "../../escaped.txt", "gotcha".getBytes(StandardCharsets.UTF_8)));
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                    () -> system.loadActorSource(escaping));
            assertTrue(refused.getMessage().contains("'../../escaped.txt'"), refused.getMessage());
            assertFalse(Files.exists(files.getParent().resolve("escaped.txt")));
        }
    }

    @EveryLocalBase
    void aSourceSeesTheApiAndTheJdkButNotTheInternalsOrTheClasspath(SystemBase base) {
        Path snoop = SourceJars.write(files, "snoop-" + base + ".jar",
                SourceJars.compile(Map.of("demo.snoop.Snoop", SNOOP)));
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            String hash = system.loadActorSource(snoop);
            ActorAddress spy = system.createActor("demo.snoop.Snoop", CreateOptions.none().withSourceHash(hash));
            assertEquals("loaded", system.ask(spy, Actor.class.getName(), WAIT));
            assertEquals("loaded", system.ask(spy, "java.util.concurrent.ConcurrentHashMap", WAIT));
            assertEquals("not found", system.ask(spy, "io.thespis.internal.engine.LocalActorSystem", WAIT));
            assertEquals("not found", system.ask(spy, SourceJars.class.getName(), WAIT));
            assertEquals("not found", system.ask(spy, "com.fasterxml.jackson.databind.ObjectMapper", WAIT));
        }
    }

    @EveryLocalBase
    void aClassMissingFromTheSourceIsNamed(SystemBase base) {
        try (ActorSystem system = start(base)) {
            system.createActor(TestAuthorities.Accepting.class);
            String hash = system.loadActorSource(v1);
            InvalidActorSpecification missing = assertThrows(InvalidActorSpecification.class, () ->
                    system.createActor("demo.hello.Goodbye", CreateOptions.none().withSourceHash(hash)));
            assertTrue(missing.getMessage().contains("demo.hello.Goodbye is not in source " + hash),
                    missing.getMessage());
        }
    }

    @EveryLocalBase
    void aMalformedHashIsNamed(SystemBase base) {
        try (ActorSystem system = start(base)) {
            InvalidSourceException refused = assertThrows(InvalidSourceException.class, () ->
                    system.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash("v1")));
            assertTrue(refused.getMessage().contains("got 'v1'"), refused.getMessage());
        }
    }
}
