package io.thespis.reliability;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes this member's view of the Convention ({@code status().members()} and the leader it names) as a
 * {@code view} line every {@link #PERIOD_MS} ms, and within {@link #SAMPLE_MS} ms of any change, so that the test
 * can time detection and convergence from the members' own clocks to about {@value #SAMPLE_MS} ms.
 */
final class ViewReporter implements Runnable {
    /** A view line at least this often (ms). */
    static final long PERIOD_MS = 100;
    /** How often the view is read (ms). */
    static final long SAMPLE_MS = 5;

    private final ActorSystem system;
    private final ProbeOutput output;

    ViewReporter(ActorSystem system, ProbeOutput output) {
        this.system = system;
        this.output = output;
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
        long lastWritten = 0;
        while (!Thread.currentThread().isInterrupted()) {
            SystemStatus status = system.status();
            List<String> members = status.members().stream().map(MemberStatus::adminAddress).sorted().toList();
            long now = System.currentTimeMillis();
            if (!members.equals(lastMembers) || !Objects.equals(status.conventionLeader(), lastLeader)
                    || now - lastWritten >= PERIOD_MS) {
                output.emit("view", Map.of("members", members,
                        "leader", Objects.requireNonNullElse(status.conventionLeader(), "")));
                lastMembers = members;
                lastLeader = status.conventionLeader();
                lastWritten = now;
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
