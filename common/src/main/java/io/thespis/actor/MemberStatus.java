package io.thespis.actor;

import java.util.Map;

/**
 * One live system of the Convention, as listed in {@link SystemStatus#members()}.
 *
 * @param adminAddress its address
 * @param capabilities its capabilities at {@code generation}
 * @param generation   the number of its capability set; it grows with every capability change
 * @param actorCount   how many actors it hosts, as last reported
 */
public record MemberStatus(String adminAddress, Map<String, Object> capabilities, long generation,
                           int actorCount) {
    /** Keeps an immutable copy of the capabilities. */
    public MemberStatus {
        capabilities = Map.copyOf(capabilities);
    }
}
