package io.thespis.reliability;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes this member's view of the Convention ({@code status().members()}, the leader it names, and the system id
 * of its own incarnation) as a {@code view} line every {@link #PERIOD_MS} ms, and within {@link #SAMPLE_MS} ms of
 * any change, so that the test can time detection and convergence from the members' own clocks to about
 * {@value #SAMPLE_MS} ms. Each sample also goes to {@link Incarnations}.
 */
final class ViewReporter implements Runnable {
    /** A view line at least this often (ms). */
    static final long PERIOD_MS = 100;
    /** How often the view is read (ms). */
    static final long SAMPLE_MS = 5;

    private final ActorSystem system;
    private final ProbeOutput output;
    private final Incarnations incarnations;

    ViewReporter(ActorSystem system, ProbeOutput output, Incarnations incarnations) {
        this.system = system;
        this.output = output;
        this.incarnations = incarnations;
    }

    /** Starts reporting on a daemon thread. */
    void start() {
        Thread thread = new Thread(this, "view-reporter");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        List<String> lastMembers = null;
        String lastLeader = null;
        String lastSystem = null;
        long lastWritten = 0;
        while (!Thread.currentThread().isInterrupted()) {
            SystemStatus status;
            try {
                status = system.status();
            } catch (RuntimeException e) {
                // Mid-change of incarnation: read it again at the next sample.
                pause();
                continue;
            }
            incarnations.sampled(status);
            List<String> members = status.members().stream().map(MemberStatus::adminAddress).sorted().toList();
            String self = incarnations.current();
            long now = System.currentTimeMillis();
            if (!members.equals(lastMembers) || !Objects.equals(status.conventionLeader(), lastLeader)
                    || !self.equals(lastSystem) || now - lastWritten >= PERIOD_MS) {
                output.emit("view", Map.of("members", members,
                        "leader", Objects.requireNonNullElse(status.conventionLeader(), ""), "system", self));
                lastMembers = members;
                lastLeader = status.conventionLeader();
                lastSystem = self;
                lastWritten = now;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SAMPLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
