package io.thespis.reliability;

/**
 * The message every flow carries: the {@code seq}-th message (from 0) of flow {@code flow}. It crosses hosts, so
 * it lives in the package the probes allow as message types.
 *
 * @param flow the flow's id, unique in a scenario (such as {@code m1>m2})
 * @param seq  its number within the flow, from 0, one more for every message sent
 */
public record Numbered(String flow, long seq) {
}
