package io.thespis.actor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of one actor system as it sees itself and its Convention.
 *
 * @param adminAddress     this system's address ({@code host:port} for a networked system)
 * @param capabilities     its current capabilities
 * @param conventionLeader the leader's address, or {@code null} when the system is alone
 * @param members          every live system of the Convention as this system sees it, itself included
 * @param actorCount       how many actors live on this system now
 * @param loadedSources    the hashes of the actor sources loaded
 * @param counters         running totals such as {@code messagesDelivered}, {@code actorsCreated},
 *                         {@code actorsExited}, {@code deadLetters}, {@code restarts}, {@code poisonMessages}
 * @param actors           its actors with the largest mailboxes first, at most {@link #ACTORS_LISTED} of them
 * @param globalNames      the global names its actors hold, by name, at most {@link #GLOBAL_NAMES_LISTED} of them
 * @param pendingWakeups   {@code wakeupAfter} requests of its actors not yet delivered
 * @param sourceAuthority  the Source Authority actor it asks to validate sources, or {@code null}
 */
public record SystemStatus(String adminAddress, Map<String, Object> capabilities, String conventionLeader,
                           List<MemberStatus> members, int actorCount, List<String> loadedSources,
                           Map<String, Long> counters, List<ActorStatus> actors,
                           Map<String, ActorAddress> globalNames, int pendingWakeups, ActorAddress sourceAuthority) {
    /** The most actors one status lists; {@link #actorCount()} counts them all. */
    public static final int ACTORS_LISTED = 100;
    /** The most global names one status lists. */
    public static final int GLOBAL_NAMES_LISTED = 1_000;

    /** Keeps immutable copies. */
    public SystemStatus {
        capabilities = Map.copyOf(capabilities);
        members = List.copyOf(members);
        loadedSources = List.copyOf(loadedSources);
        counters = Map.copyOf(counters);
        actors = List.copyOf(actors);
        globalNames = Collections.unmodifiableMap(new TreeMap<>(globalNames));
    }
}
