package io.thespis.internal.placement;

import io.thespis.internal.rules.Verdict;

/**
 * Whether one system may host an actor, and why not.
 *
 * @param address the system
 * @param verdict its verdict
 */
public record CandidateVerdict(String address, Verdict verdict) {
}
