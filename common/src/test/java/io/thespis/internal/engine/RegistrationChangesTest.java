package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.SystemBase;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.source.SourcePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What an actor that calls notifyOnSystemRegistrationChanges(true) is told, and in which order. */
class RegistrationChangesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ActorSystemConventionUpdate DB =
            new ActorSystemConventionUpdate("10.0.0.2:1900", Map.of("Has DB access", true), true);
    private static final ActorSystemConventionUpdate GPU =
            new ActorSystemConventionUpdate("10.0.0.3:1900", Map.of("gpus", 2), true);
    private static final ActorSystemConventionUpdate DB_LEFT =
            new ActorSystemConventionUpdate("10.0.0.2:1900", Map.of(), false);

    /** Subscribes when created and on "again"; answers "updates?" with every update received so far. */
    public static final class Watcher extends Actor {
        private final List<ActorSystemConventionUpdate> updates = new ArrayList<>();

        public Watcher() {
            notifyOnSystemRegistrationChanges(true);
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ActorSystemConventionUpdate update) {
                updates.add(update);
            } else if ("again".equals(message)) {
                notifyOnSystemRegistrationChanges(true);
            } else if ("updates?".equals(message)) {
                send(sender, List.copyOf(updates));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemBase.class, names = {"SEQUENTIAL", "CONCURRENT"})
    void aSystemAloneReportsNoMemberAndThenEachChange(SystemBase base) {
        try (LocalActorSystem system = base == SystemBase.SEQUENTIAL
                ? LocalActorSystem.sequential(Map.of(), TimeSource.SYSTEM, SourceSettings.DEFAULTS)
                : LocalActorSystem.concurrent(Map.of(), SourceSettings.DEFAULTS)) {
            ActorAddress watcher = system.createActor(Watcher.class);
            assertEquals(List.of(), system.ask(watcher, "updates?", WAIT));
            system.conventionChanged(DB);
            assertEquals(List.of(DB), system.ask(watcher, "updates?", WAIT));
        }
    }

    @Test
    void aSubscriberFirstLearnsEveryMemberPresentThenEachChange() {
        try (LocalActorSystem system = LocalActorSystem.networked("10.0.0.1:1900/k1", Map.of(),
                new StubNetwork(() -> List.of(DB, GPU)), RegistrationChangesTest.class.getClassLoader(),
                SourcePolicy.of(SourceSettings.DEFAULTS))) {
            ActorAddress watcher = system.createActor(Watcher.class);
            assertEquals(List.of(DB, GPU), system.ask(watcher, "updates?", WAIT));
            system.conventionChanged(DB_LEFT);
            system.tell(watcher, "again");
            assertEquals(List.of(DB, GPU, DB_LEFT), system.ask(watcher, "updates?", WAIT),
                    "subscribing again reports nothing anew");
            ActorAddress late = system.createActor(Watcher.class);
            assertEquals(List.of(DB, GPU), system.ask(late, "updates?", WAIT), "each new subscriber is told");
        }
    }

    @Test
    void aChangeReportedWhileTheMembersPresentAreReadReachesTheSubscriberAfterThem() {
        AtomicReference<LocalActorSystem> system = new AtomicReference<>();
        // The network reports a change while the engine reads the members present: the engine holds no lock of
        // its own meanwhile (the network may take its own), and holds that change back until they are sent.
        StubNetwork network = new StubNetwork(() -> {
            system.get().conventionChanged(DB_LEFT);
            return List.of(DB, GPU);
        });
        try (LocalActorSystem started = LocalActorSystem.networked("10.0.0.1:1900/k1", Map.of(), network,
                RegistrationChangesTest.class.getClassLoader(), SourcePolicy.of(SourceSettings.DEFAULTS))) {
            system.set(started);
            ActorAddress watcher = started.createActor(Watcher.class);
            assertEquals(List.of(DB, GPU, DB_LEFT), started.ask(watcher, "updates?", WAIT));
        }
    }
}
