package io.thespis.benchmarks.membership;

import io.thespis.benchmarks.report.RunFigures;

/**
 * Membership timings, Thespis against a Pekko cluster in the same run: a member joins until every directory lists
 * it; {@code kill -9} of a member until every directory drops it (Pekko: marks it unreachable), and until an ask
 * waiting on its actor fails (Thespis only); a capability update
 * until every directory shows it (no Pekko twin: roles cannot change). Prints one JSON line ({@link RunFigures}).
 *
 * <p>Usage: {@code MembershipDriver RUNS}
 */
public final class MembershipDriver {
    private MembershipDriver() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        RunFigures figures = new RunFigures("Membership: Thespis and an Apache Pekko cluster",
                "`MembershipDriver`: three systems in the driver's JVM on 127.0.0.1, each watching membership "
                        + "(Thespis: an actor with `notifyOnSystemRegistrationChanges`; Pekko 1.7.0: a cluster event "
                        + "subscriber, default gossip and phi-accrual failure detector). Join: a fourth system starts "
                        + "in the same JVM, until all three list it (Pekko: `MemberUp` at all three). Kill: a member in "
                        + "its own JVM is killed with SIGKILL, until all three have dropped it (Pekko: "
                        + "`UnreachableMember` at all three). Kill also measures outside code's ask, sent "
                        + "before the kill from the leader to an actor that only the killed member hosts and that "
                        + "never answers, until it fails (no Pekko twin: Pekko's ask waits out its timeout). "
                        + "Capability update: one member's change until the other two see it. Thespis: heartbeats every 500 ms, member timeout 3 s (the defaults).");
        double[] pekkoJoin = new double[runs];
        double[] pekkoKill = new double[runs];
        try (PekkoMembership pekko = new PekkoMembership()) {
            pekko.start();
            for (int run = 0; run < runs; run++) {
                pekkoJoin[run] = pekko.join();
                pekkoKill[run] = pekko.kill();
                System.err.println("pekko run " + (run + 1) + ": join " + pekkoJoin[run] + " ms, kill "
                        + pekkoKill[run] + " ms");
            }
        }
        try (ThespisMembership thespis = new ThespisMembership()) {
            thespis.start();
            for (int run = 0; run < runs; run++) {
                double join = thespis.join();
                ThespisMembership.Kill kill = thespis.kill();
                double update = thespis.capabilityUpdate(run);
                System.err.println("thespis run " + (run + 1) + ": join " + join + " ms, kill " + kill
                        + ", capability " + update + " ms");
                figures.add("join_visible", "member joins → visible in every directory", "ms", false, "≤ 100 ms",
                        join, pekkoJoin[run]);
                figures.add("kill_dropped", "kill -9 of a member → dropped (Pekko: unreachable) everywhere", "ms",
                        false, "≤ 1 s", kill.dropped(), pekkoKill[run]);
                figures.add("ask_dead_member_fails", "kill -9 of a member → an ask waiting on its actor fails "
                        + "(`ActorGoneException`)", "ms", false, "", kill.askFailed(), null);
                figures.add("ask_dead_member_after_drop", "… of which after the member was dropped everywhere", "ms",
                        false, "≤ 50 ms", kill.askFailed() - kill.dropped(), null);
                figures.add("capability_visible", "capability update → visible in every directory", "ms", false,
                        "≤ 100 ms", update, null);
            }
        }
        System.out.println(figures.toJson());
        System.exit(0);
    }
}
