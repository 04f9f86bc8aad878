package io.thespis.reliability;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Which incarnation this member is: the system part of the addresses of actors created now. When the Convention
 * declares the member gone, it stops its actors and rejoins as a new incarnation in the same process; this notices
 * it, installs a {@link DeadLetterCounter} in the new incarnation and writes an {@code incarnation} line
 * ({@code from}, {@code to}, the time it noticed, and what made it look). It looks when the product logs that the
 * member was declared gone ({@link ProductEvents}), when the system's running totals fall (a new incarnation's
 * engine starts from zero), and once a second whatever happens, on a thread of its own; looking is creating an
 * {@link IncarnationMarker} and reading its address.
 */
final class Incarnations implements Runnable {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final long PERIODIC_MS = 1000;

    private final ActorSystem system;
    private final ProbeOutput output;
    private final BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
    private volatile String current;
    private long lastDelivered = -1;
    private long lastCreated = -1;

    Incarnations(ActorSystem system, ProbeOutput output) {
        this.system = system;
        this.output = output;
        this.current = installCounter();
    }

    /** Starts looking, on a daemon thread of its own (a look may wait for the system). */
    void start() {
        Thread thread = new Thread(this, "incarnations");
        thread.setDaemon(true);
        thread.start();
    }

    /** The system id of the incarnation this member is now, as last seen. */
    String current() {
        return current;
    }

    /** The product said the member was declared gone: look now. Only signals (it runs on a logging thread). */
    void suspect() {
        reasons.offer("declared gone (logged)");
    }

    /** A status sample of the system (from {@link ViewReporter}, every few ms): a look when its totals fell. */
    void sampled(SystemStatus status) {
        long delivered = status.counters().getOrDefault("messagesDelivered", 0L);
        long created = status.counters().getOrDefault("actorsCreated", 0L);
        if (delivered < lastDelivered || created < lastCreated) {
            reasons.offer("running totals fell");
        }
        lastDelivered = delivered;
        lastCreated = created;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String why;
            try {
                why = reasons.poll(PERIODIC_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            look(why == null ? "periodic" : why, System.currentTimeMillis());
        }
    }

    private void look(String why, long at) {
        try {
            ActorAddress marker = system.createActor(IncarnationMarker.class);
            system.tell(marker, new ActorExitRequest());
            if (!marker.system().equals(current)) {
                String from = current;
                String to = installCounter();
                current = to;
                output.emitAt("incarnation", at, Map.of("from", from, "to", to, "signal", why));
            }
        } catch (RuntimeException e) {
            // Mid-change: look again soon.
            reasons.offer(why + " (again after " + e + ")");
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A dead-letter counter in the incarnation the system is now; returns that incarnation's system id. */
    private String installCounter() {
        ActorAddress counter = system.createActor(DeadLetterCounter.class);
        Object reply = system.ask(counter, new DeadLetterCounter.Watch(), ASK_TIMEOUT);
        if (!(reply instanceof DeadLetterCounter.Watch)) {
            throw new IllegalStateException("the dead-letter counter " + counter + " answered " + reply);
        }
        return counter.system();
    }
}
