package io.thespis.examples.capabilities;

import io.thespis.actor.ActorAddress;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for a database client library, the introduction's {@code dbclass}: connecting from a host that cannot
 * reach the database fails, and so does every query once the host has lost it. These examples run all their hosts in
 * one process, so which hosts reach the database is set here, by host ({@code host:port}, as a system's admin
 * address reads).
 */
public final class Database {
    private static final Set<String> REACHABLE = ConcurrentHashMap.newKeySet();
    private static final List<String> CUSTOMERS = List.of("Ada", "Grace", "Linus");

    private final String host;

    private Database(String host) {
        this.host = host;
    }

    /** Lets {@code host} reach the database, or ({@code false}) cuts it off. */
    public static void reachableFrom(String host, boolean reachable) {
        if (reachable) {
            REACHABLE.add(host);
        } else {
            REACHABLE.remove(host);
        }
    }

    /**
     * Connects from {@code host}.
     *
     * @throws DatabaseException when {@code host} cannot reach the database
     */
    public static Database connect(String host) {
        Database database = new Database(host);
        database.check();
        return database;
    }

    /** Connects from the host that runs the actor at {@code actor}. */
    public static Database connectFrom(ActorAddress actor) {
        String system = actor.system();
        int incarnation = system.indexOf('/');
        return connect(incarnation < 0 ? system : system.substring(0, incarnation));
    }

    /** The host this connection is from. */
    public String host() {
        return host;
    }

    /** Runs a query that returns one number, such as the introduction's {@code select 1=1}. */
    public int runQuery(String sql) {
        check();
        return 1;
    }

    /** Runs a query that returns rows. */
    public List<String> query(String sql) {
        check();
        return CUSTOMERS;
    }

    private void check() {
        if (!REACHABLE.contains(host)) {
            throw new DatabaseException(host + " cannot reach the database");
        }
    }
}
