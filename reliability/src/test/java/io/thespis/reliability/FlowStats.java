package io.thespis.reliability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of every flow at one moment, gathered from the {@code stats} of the live members: what each sink
 * received, what each source sent, and the dead letters of every member, summed by flow and reason.
 *
 * @param received per flow, its sink's counts
 * @param sent     per flow, its source's count
 * @param dead     per flow, its dead letters by reason, summed over the members
 * @param heapUsed per member name, its heap in use (bytes)
 */
record FlowStats(Map<String, SequenceTally.Counts> received, Map<String, Long> sent,
                 Map<String, Map<String, Long>> dead, Map<String, Long> heapUsed) {

    /** Asks every one of {@code members} for its stats. */
    static FlowStats of(List<MemberProcess> members) {
        Map<String, SequenceTally.Counts> received = new TreeMap<>();
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Map<String, Long>> dead = new TreeMap<>();
        Map<String, Long> heapUsed = new TreeMap<>();
        for (MemberProcess member : members) {
            JsonNode stats = member.call("stats");
            for (Map.Entry<String, JsonNode> flow : stats.get("received").properties()) {
                JsonNode counts = flow.getValue();
                received.put(flow.getKey(), new SequenceTally.Counts(counts.get("received").asLong(),
                        counts.get("duplicates").asLong(), counts.get("reordered").asLong(),
                        counts.get("maxSeq").asLong()));
            }
            for (Map.Entry<String, JsonNode> flow : stats.get("sent").properties()) {
                sent.put(flow.getKey(), flow.getValue().asLong());
            }
            for (Map.Entry<String, JsonNode> flow : stats.get("dead").properties()) {
                for (Map.Entry<String, JsonNode> reason : flow.getValue().properties()) {
                    dead.computeIfAbsent(flow.getKey(), f -> new TreeMap<>())
                            .merge(reason.getKey(), reason.getValue().asLong(), Long::sum);
                }
            }
            heapUsed.put(member.name(), stats.get("heapUsed").asLong());
        }
        return new FlowStats(received, sent, dead, heapUsed);
    }

    /** How many messages of {@code flow} its sink received; 0 when none or its sink is not among the members. */
    long receivedOf(String flow) {
        SequenceTally.Counts counts = received.get(flow);
        return counts == null ? 0 : counts.received();
    }

    /** How many dead letters {@code flow} had. */
    long deadOf(String flow) {
        return dead.getOrDefault(flow, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
}
