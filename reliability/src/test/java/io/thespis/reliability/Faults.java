package io.thespis.reliability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The faults a scenario injects, each with its undoing. Cuts are nftables rules in the member's own namespace (a
 * table of their own, deleted to heal), so that packets vanish silently as on a real broken path; link flapping
 * takes the member's veth down and up; a slow link is a token bucket ({@code tc tbf}) on both ends of its veth.
 */
final class Faults {
    private static final String TABLE = "thespis_fault";
    private static final Pattern DROPPED = Pattern.compile("counter packets (\\d+)");
    private static final Pattern TBF_SENT = Pattern.compile("Sent \\d+ bytes \\d+ pkt \\([^)]*\\)");

    private final Topology net;

    Faults(Topology net) {
        this.net = net;
    }

    /** {@code kill -9} of the member's process (by PID); returns once it is gone. */
    void kill(MemberProcess member) {
        member.destroy();
    }

    /** {@code SIGSTOP}: the process freezes, its sockets stay open. */
    void freeze(MemberProcess member) {
        Commands.check("kill", "-STOP", String.valueOf(member.pid()));
    }

    /** {@code SIGCONT}: the frozen process runs again. */
    void thaw(MemberProcess member) {
        Commands.check("kill", "-CONT", String.valueOf(member.pid()));
    }

    /** Drops every packet into and out of {@code member}'s link: it is cut off from every other member. */
    void isolate(int member) {
        nft(member, "add table inet " + TABLE,
                "add chain inet " + TABLE + " in { type filter hook input priority 0; policy accept; }",
                "add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }",
                "add rule inet " + TABLE + " in iifname " + Topology.MEMBER_LINK + " counter drop",
                "add rule inet " + TABLE + " out oifname " + Topology.MEMBER_LINK + " counter drop");
    }

    /** Drops what {@code from} sends to {@code to}; the other way still passes. */
    void dropFromTo(int from, int to) {
        nft(from, "add table inet " + TABLE,
                "add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }",
                "add rule inet " + TABLE + " out ip daddr " + net.address(to) + " counter drop");
    }

    /**
     * Removes the cuts of {@link #isolate} and {@link #dropFromTo} from {@code member}'s namespace; returns how
     * many packets they dropped, the proof that the cut was real.
     */
    long reconnect(int member) {
        String rules = Commands.check(Commands.inNamespace(net.namespace(member), "nft", "list", "table", "inet", TABLE));
        nft(member, "delete table inet " + TABLE);
        return DROPPED.matcher(rules).results().mapToLong(match -> Long.parseLong(match.group(1))).sum();
    }

    /** Takes {@code member}'s link down ({@code up == false}) or up again. */
    void link(int member, boolean up) {
        Commands.check("ip", "-n", net.namespace(member), "link", "set", Topology.MEMBER_LINK, up ? "up" : "down");
    }

    /** Limits both directions of {@code member}'s link to {@code rate} (a tc rate, such as {@code 256kbit}). */
    void throttle(int member, String rate) {
        tbf(net.namespace(member), Topology.MEMBER_LINK, rate);
        tbf(net.bridgeNamespace(), net.bridgePort(member), rate);
    }

    /**
     * Removes the limits of {@link #throttle}; returns what the token buckets did (bytes and packets sent,
     * dropped, over the limit), the proof that the link was the bottleneck.
     */
    String unthrottle(int member) {
        return "from " + net.address(member) + ": " + untbf(net.namespace(member), Topology.MEMBER_LINK)
                + "; to it: " + untbf(net.bridgeNamespace(), net.bridgePort(member));
    }

    private static String untbf(String namespace, String device) {
        String stats = Commands.check(Commands.inNamespace(namespace, "tc", "-s", "qdisc", "show", "dev", device));
        Commands.check(Commands.inNamespace(namespace, "tc", "qdisc", "del", "dev", device, "root"));
        Matcher sent = TBF_SENT.matcher(stats);
        return sent.find() ? sent.group() : stats;
    }

    private static void tbf(String namespace, String device, String rate) {
        // A queue of 400 ms at that rate; beyond it tbf drops, as a slow link's router would.
        Commands.check(Commands.inNamespace(namespace, "tc", "qdisc", "add", "dev", device, "root", "tbf",
                "rate", rate, "burst", "16kb", "latency", "400ms"));
    }

    private void nft(int member, String... statements) {
        for (String statement : statements) {
            Commands.check(Commands.inNamespace(net.namespace(member), ("nft " + statement).split(" ")));
        }
    }
}
