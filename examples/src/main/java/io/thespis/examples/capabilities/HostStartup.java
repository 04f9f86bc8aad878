package io.thespis.examples.capabilities;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Waiting;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The introduction's per-host start-up code (section 2.6.2): every host probes the database, sets "Has DB access"
 * if the probe works, and starts its system in the Convention whose leader all hosts name. {@link #startHost} is that
 * code. The example runs three hosts in this process (on 127.0.0.1, told apart by port): the leader, one that reaches
 * the database and one that does not; a {@link DBUpdate} created on the last goes to the one with the database.
 *
 * <p>Run: {@code java io.thespis.examples.capabilities.HostStartup}
 */
public final class HostStartup {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private HostStartup() {
    }

    /**
     * Starts the system of host {@code host:port} in the Convention led by {@code conventionLeader} (the host whose
     * address that is leads it), with "Has DB access" if the database answers {@code select 1=1} from there.
     */
    public static ActorSystem startHost(String conventionLeader, String host, int port) {
        Map<String, Object> capabilities = new HashMap<>();
        try {
            Database db = Database.connect(host + ":" + port);
            if (db.runQuery("select 1=1") == 1) {
                capabilities.put(DBUpdate.HAS_DB_ACCESS, true);
            }
        } catch (DatabaseException unreachable) {
            // No database from this host: it joins without the capability.
        }
        return ActorSystem.builder().base(SystemBase.NETWORK).advertise(host).adminPort(port)
                .conventionLeader(conventionLeader).capabilities(capabilities)
                .messagePackages("io.thespis.examples").start();
    }

    /**
     * Hosts on 127.0.0.1, each started by {@link #startHost} at a port free when they start, the first leading; shut
     * down together, the last first.
     */
    record Hosts(List<ActorSystem> systems) implements AutoCloseable {
        /** {@code count} hosts; before they start, {@code reachesDatabase} says which (by index) reach the database. */
        static Hosts start(int count, IntPredicate reachesDatabase) {
            List<Integer> ports = IntStream.range(0, count).map(i -> freePort()).boxed().toList();
            for (int i = 0; i < count; i++) {
                Database.reachableFrom("127.0.0.1:" + ports.get(i), reachesDatabase.test(i));
            }
            String leader = "127.0.0.1:" + ports.get(0);
            List<ActorSystem> systems = new ArrayList<>();
            for (int port : ports) {
                systems.add(startHost(leader, "127.0.0.1", port));
            }
            return new Hosts(List.copyOf(systems));
        }

        /** The host started {@code index}th (0 leads). */
        ActorSystem get(int index) {
            return systems.get(index);
        }

        @Override
        public void close() {
            for (int i = systems.size() - 1; i >= 0; i--) {
                systems.get(i).shutdown();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Runs the three hosts, printing to {@code out}. */
    public static void run(PrintStream out) throws InterruptedException {
        try (Hosts hosts = Hosts.start(3, host -> host == 1)) {
            ActorSystem worker = hosts.get(2);
            Waiting.forMembers(worker, 3);
            for (MemberStatus member : worker.status().members()) {
                out.println("host " + member.adminAddress() + " capabilities " + member.capabilities());
            }
            ActorAddress update = worker.createActor(DBUpdate.class);
            out.println("a DBUpdate created on " + worker.status().adminAddress() + " runs on " + update.system());
            out.println("it answers: customers are " + worker.ask(update, "customers", WAIT));
        }
    }

    /** Runs the example. */
    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }
}
