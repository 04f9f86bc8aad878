package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.SystemBase;
import io.thespis.actor.ValidateSource;
import io.thespis.actor.ValidatedSource;
import io.thespis.actor.WakeupMessage;
import io.thespis.testing.SourceJars;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system's own messages that cannot be genuine where they arrive are refused and counted: from outside the
 * system, those only the system makes; anywhere, a Source Authority verdict from someone else than the authority.
 */
class ForgedMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ActorAddress STRANGER = ActorAddress.of("other-system", 42);

    @TempDir
    static Path files;

    /** Answers "received?" with the simple names of the types of everything else it received. */
    public static final class Recorder extends Actor {
        private final List<String> received = new ArrayList<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("received?".equals(message)) {
                send(sender, List.copyOf(received));
            } else {
                received.add(message.getClass().getSimpleName());
            }
        }
    }

    /** Creates a child on "child?", answering with its address; records the rest as {@link Recorder} does. */
    public static final class Parent extends Actor {
        private final List<String> received = new ArrayList<>();

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("child?".equals(message)) {
                send(sender, createActor(Recorder.class));
            } else if ("received?".equals(message)) {
                send(sender, List.copyOf(received));
            } else {
                received.add(message.getClass().getSimpleName());
            }
        }
    }

    /**
     * A Source Authority that refuses every source, but first has a {@link Forger} send the asker a verdict that
     * accepts it, which therefore arrives first.
     */
    public static final class OutrunAuthority extends Actor {
        private ValidateSource pending;
        private ActorAddress asker;

        public OutrunAuthority() {
            registerSourceAuthority();
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ValidateSource validate) {
                pending = validate;
                asker = sender;
                send(createActor(Forger.class), List.of(sender, validate.sourceHash()));
            } else if ("forged".equals(message)) {
                send(asker, new ValidatedSource(pending.sourceHash(), false, "refused by the real authority"));
            }
        }
    }

    /** Sends the asker it is given an accepting verdict on the hash it is given, then tells its parent. */
    public static final class Forger extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof List<?> job) {
                send((ActorAddress) job.get(0), new ValidatedSource((String) job.get(1), true, "forged"));
                send(sender, "forged");
            }
        }
    }

    private static LocalActorSystem start(SystemBase base) {
        return (LocalActorSystem) ActorSystem.builder().base(base).start();
    }

    private static long refusals(ActorSystem system) {
        return system.status().counters().get(ForgedMessages.COUNTER);
    }

    static Stream<Arguments> forgeries() {
        List<Object> messages = List.of(new WakeupMessage(Duration.ZERO, "not from a timer"),
                new DeadEnvelope(STRANGER, "lost", "made up"),
                new ActorSystemConventionUpdate("10.0.0.9:1900", Map.of(), false),
                new ValidateSource("0".repeat(64), new byte[0]),
                new ValidatedSource("0".repeat(64), true, "forged"));
        return Stream.of(SystemBase.SEQUENTIAL, SystemBase.CONCURRENT)
                .flatMap(base -> messages.stream().map(message -> Arguments.of(base, message)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forgeries")
    void aMessageOnlyTheSystemMakesIsRefusedFromOutside(SystemBase base, Object message) {
        try (LocalActorSystem system = start(base)) {
            ActorAddress recorder = system.createActor(Recorder.class);
            system.deliverFromRemote(recorder, message, STRANGER);
            system.deliverFromRemote(recorder, message, STRANGER);
            system.deliverFromRemote(recorder, "an application message", STRANGER);
            assertEquals(List.of("String"), system.ask(recorder, "received?", WAIT));
            assertEquals(2L, refusals(system));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void exitRequestsAndPoisonMessagesPassFromOutside(SystemBase base) {
        try (LocalActorSystem system = start(base)) {
            ActorAddress recorder = system.createActor(Recorder.class);
            system.deliverFromRemote(recorder, new PoisonMessage("yours", "failed twice"), STRANGER);
            assertEquals(List.of("PoisonMessage"), system.ask(recorder, "received?", WAIT));
            system.deliverFromRemote(recorder, new ActorExitRequest(), STRANGER);
            assertThrows(ActorGoneException.class, () -> system.ask(recorder, "received?", WAIT));
            assertEquals(0L, refusals(system));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aChildsExitCountsFromOutsideOnlyWhenTheChildReportsIt(SystemBase base) {
        try (LocalActorSystem system = start(base)) {
            ActorAddress parent = system.createActor(Parent.class);
            ActorAddress child = (ActorAddress) system.ask(parent, "child?", WAIT);
            system.deliverFromRemote(parent, new ChildActorExited(child), STRANGER);
            assertEquals(List.of(), system.ask(parent, "received?", WAIT));
            assertEquals(1L, refusals(system));
            system.deliverFromRemote(parent, new ChildActorExited(child), child);
            assertEquals(List.of("ChildActorExited"), system.ask(parent, "received?", WAIT));
            assertEquals(1L, refusals(system));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aVerdictFromAnyoneButTheSourceAuthorityIsIgnored(SystemBase base) {
        try (LocalActorSystem system = start(base)) {
            system.createActor(OutrunAuthority.class);
            Path jar = SourceJars.write(files, "outrun-" + base + ".jar",
                    SourceJars.compile(Map.of("demo.hello.Hello", SourceJars.hello("Hello!"))));
            InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                    () -> system.loadActorSource(jar));
            assertTrue(refused.getMessage().contains("refused by the real authority"), refused.getMessage());
            assertEquals(1L, refusals(system));
            assertTrue(system.status().loadedSources().isEmpty());
        }
    }
}
