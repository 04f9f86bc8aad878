package io.thespis.actor;

import java.util.List;
import java.util.Map;

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
 */
public record SystemStatus(String adminAddress, Map<String, Object> capabilities, String conventionLeader,
                           List<MemberStatus> members, int actorCount, List<String> loadedSources,
                           Map<String, Long> counters) {
    /** Keeps immutable copies. */
    public SystemStatus {
        capabilities = Map.copyOf(capabilities);
        members = List.copyOf(members);
        loadedSources = List.copyOf(loadedSources);
        counters = Map.copyOf(counters);
    }
}
