package io.thespis.internal.placement;

import java.util.Map;

/**
 * One system of the Convention as a placement candidate: what a member's directory knows of it.
 *
 * @param address        its admin address, {@code host:port}
 * @param capabilities   its capabilities at {@code generation}
 * @param generation     the number of its capability set; a higher one replaces a lower one
 * @param actorCount     how many actors it hosts
 * @param mailboxBacklog how many messages wait in its mailboxes
 */
public record Candidate(String address, Map<String, Object> capabilities, long generation, int actorCount,
                        long mailboxBacklog) {
    /** Checks the values and keeps an immutable copy of the capabilities. */
    public Candidate {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("candidate address must not be blank, got '" + address + "'");
        }
        if (actorCount < 0 || mailboxBacklog < 0) {
            throw new IllegalArgumentException("candidate " + address + " load must not be negative, got actorCount="
                    + actorCount + " mailboxBacklog=" + mailboxBacklog);
        }
        capabilities = Map.copyOf(capabilities);
    }

    /** The load placement compares: actors hosted plus messages waiting. */
    public long load() {
        return actorCount + mailboxBacklog;
    }

    /** This candidate with another load, same capabilities and generation. */
    public Candidate withLoad(int actorCount, long mailboxBacklog) {
        return new Candidate(address, capabilities, generation, actorCount, mailboxBacklog);
    }
}
