package io.thespis.actor;

import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.engine.TimeSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ask whose message cannot be delivered fails at once with ActorGoneException, instead of timing out. */
class ActorGoneTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Far longer than any test may take: an ask that waited it out would fail the test's own time limit. */
    private static final Duration FOREVER = Duration.ofHours(1);

    private static ActorGoneException askFails(ActorSystem system, ActorAddress target) {
        return assertThrows(ActorGoneException.class,
                () -> assertTimeoutPreemptively(WAIT, () -> system.ask(target, "are you there?", FOREVER)));
    }

    @EveryLocalBase
    void askingAnActorThatExitedFailsAtOnceSayingWhy(SystemBase base) throws Exception {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress doomed = system.createActor(MessagingTest.Echo.class);
            assertEquals("hi", system.ask(doomed, "hi", WAIT));
            system.tell(doomed, new ActorExitRequest());
            await().atMost(WAIT).until(() -> system.status().actorCount() == 0);

            ActorGoneException exited = askFails(system, doomed);
            assertEquals(doomed, exited.address());
            assertEquals("the actor has exited", exited.reason());
            assertTrue(exited.getMessage().contains(doomed.toString()), exited.getMessage());
            ActorAddress decoded = ActorAddress.of(doomed.system(), doomed.actorId());
            assertEquals("no such actor here: it exited, or never existed", askFails(system, decoded).reason());

            CompletableFuture<Object> async = system.askAsync(doomed, "are you there?", FOREVER);
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> async.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            ActorGoneException cause = assertInstanceOf(ActorGoneException.class, failed.getCause());
            assertEquals("the actor has exited", cause.reason());
            // Each is a dead letter too, with the same reason.
            assertEquals(3L, system.status().counters().get("deadLetters"));
        }
    }

    /** Fails on "fail", and its constructor fails on a restart: it then exits with its mailbox unread. */
    static class Brittle extends Actor {
        static final AtomicInteger INSTANCES = new AtomicInteger();

        Brittle() {
            if (INSTANCES.incrementAndGet() > 1) {
                throw new IllegalStateException("cannot be restarted");
            }
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("fail".equals(message)) {
                throw new IllegalStateException("failed");
            }
            send(sender, message);
        }
    }

    /** Holds the worker that runs it until {@link #OPEN} opens; says so on {@link #HOLDING}. */
    static class Gate extends Actor {
        static volatile CountDownLatch HOLDING;
        static volatile CountDownLatch OPEN;

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) throws InterruptedException {
            HOLDING.countDown();
            OPEN.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @EveryLocalBase
    void askingAnActorThatExitsWithTheMessagePendingFailsAtOnce(SystemBase base) throws Exception {
        Brittle.INSTANCES.set(0);
        Gate.HOLDING = new CountDownLatch(1);
        Gate.OPEN = new CountDownLatch(1);
        try (LocalActorSystem system = base == SystemBase.SEQUENTIAL
                ? LocalActorSystem.sequential(Map.of(), TimeSource.SYSTEM, SourceSettings.DEFAULTS)
                : LocalActorSystem.concurrent(Map.of(), 1, SourceSettings.DEFAULTS)) {
            ActorAddress brittle = system.createActor(Brittle.class);
            // "fail" and the ask must both be in Brittle's mailbox before it runs: the sequential base runs nothing
            // before the ask, and the concurrent one's only worker is held meanwhile.
            if (base == SystemBase.CONCURRENT) {
                system.tell(system.createActor(Gate.class), "hold");
                assertTrue(Gate.HOLDING.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            system.deliverFromRemote(brittle, "fail", system.openInbox((message, sender) -> { }));
            CompletableFuture<Object> ask = system.askAsync(brittle, "are you there?", FOREVER);
            Gate.OPEN.countDown();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> ask.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            ActorGoneException gone = assertInstanceOf(ActorGoneException.class, failed.getCause());
            assertEquals(brittle, gone.address());
            assertEquals("the actor exited before handling it", gone.reason());
        }
    }

    @EveryLocalBase
    void anActorThatDoesNotAnswerIsStillATimeout(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress echo = system.createActor(MessagingTest.Echo.class);
            assertEquals(null, system.ask(echo, new ActorExitRequest(), Duration.ofMillis(20)),
                    "an exit request is delivered, and no answer to it is a timeout");
        }
    }
}
