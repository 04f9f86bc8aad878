package io.thespis.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test network: one namespace per member, {@code m1}..{@code mN} at {@code 10.213.0.1}..{@code 10.213.0.N}/24,
 * each with one veth ({@value #MEMBER_LINK}) whose other end is port {@code mI} of bridge {@code br0} in a namespace
 * of its own. Nothing is in the root namespace but a blackhole route for the subnet, added before anything else
 * and removed last, so that no packet of the test can leave the machine.
 *
 * <p>Namespaces are named {@code thespisrel-<pid>-...} after the test JVM, so that a later run can tell (and
 * remove, with {@link #removeLeftovers()}) those of a run that died without cleaning up. {@link #close()} kills
 * every process left in them, by PID, and removes everything; a shutdown hook does it too if the JVM is stopped.
 */
final class Topology implements AutoCloseable {
    /** The test subnet; chosen to be unlikely to clash with anything on a host or in CI. */
    static final String SUBNET = "10.213.0.0/24";
    /** The member's end of its veth, inside the member's namespace. */
    static final String MEMBER_LINK = "veth0";
    private static final String BRIDGE = "br0";
    private static final String PREFIX = "thespisrel-";
    private static final Pattern OWN_NAMESPACE = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.+");

    private final String run = PREFIX + ProcessHandle.current().pid() + "-";
    private final int members;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanupOnExit = new Thread(this::close, "topology-cleanup");
    private boolean ownsBlackhole;
    private boolean closed;

    private Topology(int members) {
        this.members = members;
    }

    /** Builds the network for {@code members} members; on any failure, removes what it built and fails. */
    static Topology create(int members) {
        Topology topology = new Topology(members);
        Runtime.getRuntime().addShutdownHook(topology.cleanupOnExit);
        try {
            topology.build();
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private void build() {
        if (!Commands.check("ip", "route", "show", "type", "blackhole", SUBNET).isEmpty()) {
            throw new IllegalStateException("a blackhole route for " + SUBNET + " exists already: another run of "
                    + "this suite is live (namespaces " + liveRunNamespaces() + ")");
        }
        Commands.check("ip", "route", "add", "blackhole", SUBNET);
        ownsBlackhole = true;
        String bridge = addNamespace(bridgeNamespace());
        Commands.check("ip", "-n", bridge, "link", "add", BRIDGE, "type", "bridge");
        Commands.check("ip", "-n", bridge, "link", "set", BRIDGE, "up");
        for (int member = 1; member <= members; member++) {
            String namespace = addNamespace(namespace(member));
            Commands.check("ip", "link", "add", "name", MEMBER_LINK, "netns", namespace, "type", "veth",
                    "peer", "name", bridgePort(member), "netns", bridge);
            Commands.check("ip", "-n", bridge, "link", "set", bridgePort(member), "master", BRIDGE);
            Commands.check("ip", "-n", bridge, "link", "set", bridgePort(member), "up");
            Commands.check("ip", "-n", namespace, "address", "add", address(member) + "/24", "dev", MEMBER_LINK);
            Commands.check("ip", "-n", namespace, "link", "set", MEMBER_LINK, "up");
        }
    }

    private String addNamespace(String namespace) {
        Commands.check("ip", "netns", "add", namespace);
        created.add(namespace);
        Commands.check("ip", "-n", namespace, "link", "set", "lo", "up");
        return namespace;
    }

    /** How many members the network has. */
    int members() {
        return members;
    }

    /** The namespace of member {@code member} (from 1). */
    String namespace(int member) {
        return run + "m" + member;
    }

    /** The namespace holding the bridge. */
    String bridgeNamespace() {
        return run + "br";
    }

    /** The bridge's port to member {@code member}, in {@link #bridgeNamespace()}. */
    String bridgePort(int member) {
        return "m" + member;
    }

    /** The IP address of member {@code member}. */
    String address(int member) {
        return "10.213.0." + member;
    }

    /** Kills every process still in the namespaces, by PID, deletes them, then the blackhole route. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = created.size() - 1; i >= 0; i--) {
            deleteNamespace(created.get(i));
        }
        if (ownsBlackhole) {
            Commands.run("ip", "route", "del", "blackhole", SUBNET);
        }
        if (Thread.currentThread() != cleanupOnExit) {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        }
    }

    private static void deleteNamespace(String namespace) {
        for (String pid : Commands.run("ip", "netns", "pids", namespace).output().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Commands.run("ip", "netns", "delete", namespace);
    }

    /**
     * Removes what runs of this suite left behind when their JVM died: their namespaces (and the processes in
     * them), and the blackhole route when no live run remains.
     */
    static void removeLeftovers() {
        for (String namespace : namespaces()) {
            Matcher own = OWN_NAMESPACE.matcher(namespace);
            if (own.matches() && ProcessHandle.of(Long.parseLong(own.group(1))).isEmpty()) {
                deleteNamespace(namespace);
            }
        }
        if (liveRunNamespaces().isEmpty()) {
            Commands.run("ip", "route", "del", "blackhole", SUBNET);
        }
    }

    private static List<String> liveRunNamespaces() {
        return namespaces().stream().filter(namespace -> OWN_NAMESPACE.matcher(namespace).matches()).toList();
    }

    private static List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.check("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }
}
