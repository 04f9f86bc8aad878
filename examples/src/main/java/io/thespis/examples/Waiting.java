package io.thespis.examples;

import io.thespis.actor.ActorSystem;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** How the networked examples wait for their Convention: polling what a system reports, 10 s at most. */
public final class Waiting {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Waiting() {
    }

    /**
     * Returns once {@code done} holds.
     *
     * @throws IllegalStateException saying {@code what} did not happen, after 10 s
     */
    public static void until(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + LIMIT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Returns once {@code system} lists {@code count} members. */
    public static void forMembers(ActorSystem system, int count) throws InterruptedException {
        until(count + " members joining", () -> system.status().members().size() >= count);
    }
}
