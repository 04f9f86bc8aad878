package io.thespis.internal.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemMessage;
import io.thespis.actor.PoisonMessage;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MDC keys {@code actorAddress} and {@code actorClass}: what an actor's own code sees while it runs, what the
 * engine's lines about an actor carry (through System.Logger, SLF4J and Logback, as in the daemon), and that the
 * thread gets back what it had.
 */
class ActorLogContextTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What the test thread's lines are about; the sequential base runs turns on it and must give it back. */
    private static final String OUTSIDE = "outside";

    /** One line as the appender saw it, with the MDC of the thread that logged it, read on that thread. */
    record Line(Level level, String message, Map<String, String> mdc, String errorMessage) {
    }

    /** Keeps every line of the engine's loggers. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<Line> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLoggerName().startsWith("io.thespis.internal.engine.")) {
                lines.add(new Line(event.getLevel(), event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap()),
                        event.getThrowableProxy() == null ? null : event.getThrowableProxy().getMessage()));
            }
        }

        List<Line> at(Level level) {
            return lines.stream().filter(line -> line.level() == level).toList();
        }
    }

    /** The MDC an actor's code saw, with what it saw it in. */
    record Seen(String where, String address, String actorClass) {
    }

    static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    static void see(String where) {
        SEEN.add(new Seen(where, MDC.get("actorAddress"), MDC.get("actorClass")));
    }

    /** Fails on every message, so that the first failure restarts it and the second returns a PoisonMessage. */
    public static class Failing extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorSystemMessage) {
                return;
            }
            see("receive " + message);
            throw new IllegalStateException("cannot handle " + message);
        }
    }

    /** Creates a {@link Child} on any message and answers with its address. */
    public static class Parent extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            see("parent before");
            ActorAddress child = createActor(Child.class);
            see("parent after");
            send(sender, child);
        }
    }

    /** Notes what its constructor runs in. */
    public static class Child extends Actor {
        public Child() {
            see("child constructor");
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    /** Runs only where "db" holds. */
    @RequireCapability("db")
    public static class NeedsDb extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
        }
    }

    private final Capture capture = new Capture();
    private ch.qos.logback.classic.Logger root;

    @BeforeEach
    void attach() {
        SEEN.clear();
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        MDC.put("actorAddress", OUTSIDE);
    }

    @AfterEach
    void detach() {
        root.detachAppender(capture);
        capture.stop();
        MDC.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aFailingActorsTurnsAndItsRestartAndPoisonLinesNameIt(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress failing = system.createActor(Failing.class);
            PoisonMessage poison = assertInstanceOf(PoisonMessage.class, system.ask(failing, "order-1", WAIT));
            assertEquals("order-1", poison.poisonMessage());
            assertEquals(OUTSIDE, MDC.get("actorAddress"), "the test thread has its own context back");

            String address = failing.toString();
            String actorClass = Failing.class.getName();
            assertEquals(List.of(new Seen("receive order-1", address, actorClass),
                    new Seen("receive order-1", address, actorClass)), List.copyOf(SEEN));

            List<Line> warnings = capture.at(Level.WARN);
            assertEquals(2, warnings.size(), "one line per failure: " + warnings);
            Line restart = warnings.get(0);
            Line poisoned = warnings.get(1);
            assertTrue(restart.message().contains(address) && restart.message().contains("restarting it"),
                    restart.message());
            assertTrue(poisoned.message().contains(address) && poisoned.message().contains("as a PoisonMessage"),
                    poisoned.message());
            for (Line line : warnings) {
                assertEquals(Map.of("actorAddress", address, "actorClass", actorClass), line.mdc(), line.message());
                assertEquals("cannot handle order-1", line.errorMessage(), "the exception goes with " + line.message());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aChildsConstructorRunsInItsOwnContextAndTheParentGetsItsBack(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress parent = system.createActor(Parent.class);
            ActorAddress child = assertInstanceOf(ActorAddress.class, system.ask(parent, "spawn", WAIT));
            assertEquals(OUTSIDE, MDC.get("actorAddress"));
            assertEquals(List.of(new Seen("parent before", parent.toString(), Parent.class.getName()),
                    new Seen("child constructor", child.toString(), Child.class.getName()),
                    new Seen("parent after", parent.toString(), Parent.class.getName())), List.copyOf(SEEN));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void theSystemsLineAboutAnActorAskedToExitNamesThatActor(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).capability("db", true).start()) {
            ActorAddress needsDb = system.createActor(NeedsDb.class);
            system.updateCapability("db", false);
            assertEquals(OUTSIDE, MDC.get("actorAddress"), "the caller's context is given back");
            Line exit = capture.at(Level.INFO).stream().filter(line -> line.message().contains("no longer qualifies"))
                    .findFirst().orElseThrow(() -> new AssertionError("no exit line in " + capture.lines));
            assertEquals(Map.of("actorAddress", needsDb.toString(), "actorClass", NeedsDb.class.getName()),
                    exit.mdc());
        }
    }
}
