package io.thespis.reliability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of every flow at one moment, gathered from the {@code stats} of the live members (each process's
 * {@link Tallies}, whichever of its incarnations kept them): what each sink received, what each source sent, and
 * the dead letters of every member, by flow and reason.
 *
 * @param received per flow, its sink's counts
 * @param sent     per flow, its source's count
 * @param dead     per flow, its dead letters by reason, over the members
 * @param heapUsed per member name, its heap in use (bytes)
 */
record FlowStats(Map<String, SequenceTally.Counts> received, Map<String, Long> sent,
                 Map<String, Map<String, Tallies.DeadCounts>> dead, Map<String, Long> heapUsed) {

    /** Asks every one of {@code members} for its stats. */
    static FlowStats of(List<MemberProcess> members) {
        Map<String, SequenceTally.Counts> received = new TreeMap<>();
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Map<String, Tallies.DeadCounts>> dead = new TreeMap<>();
        Map<String, Long> heapUsed = new TreeMap<>();
        for (MemberProcess member : members) {
            JsonNode stats = member.call("stats");
            for (Map.Entry<String, JsonNode> flow : stats.get("received").properties()) {
                JsonNode counts = flow.getValue();
                received.put(flow.getKey(), new SequenceTally.Counts(counts.get("received").asLong(),
                        counts.get("duplicates").asLong(), counts.get("reordered").asLong(),
                        counts.get("maxSeq").asLong(), counts.get("firstAt").asLong(), counts.get("lastAt").asLong(),
                        ranges(counts.get("seqs"))));
            }
            for (Map.Entry<String, JsonNode> flow : stats.get("sent").properties()) {
                sent.put(flow.getKey(), flow.getValue().asLong());
            }
            for (Map.Entry<String, JsonNode> flow : stats.get("dead").properties()) {
                for (Map.Entry<String, JsonNode> reason : flow.getValue().properties()) {
                    Tallies.DeadCounts counts = new Tallies.DeadCounts(reason.getValue().get("count").asLong(),
                            ranges(reason.getValue().get("seqs")));
                    dead.computeIfAbsent(flow.getKey(), f -> new TreeMap<>()).merge(reason.getKey(), counts,
                            (a, b) -> new Tallies.DeadCounts(a.count() + b.count(),
                                    a.seqSet().union(b.seqSet()).ranges()));
                }
            }
            heapUsed.put(member.name(), stats.get("heapUsed").asLong());
        }
        return new FlowStats(received, sent, dead, heapUsed);
    }

    private static List<long[]> ranges(JsonNode node) {
        List<long[]> ranges = new ArrayList<>();
        node.forEach(range -> ranges.add(new long[]{range.get(0).asLong(), range.get(1).asLong()}));
        return ranges;
    }

    /** How many messages of {@code flow} its sink received; 0 when none or its sink is not among the members. */
    long receivedOf(String flow) {
        return countsOf(flow).received();
    }

    /** The sink's counts of {@code flow}; {@link SequenceTally.Counts#NONE} when none. */
    SequenceTally.Counts countsOf(String flow) {
        return received.getOrDefault(flow, SequenceTally.Counts.NONE);
    }

    /** How many dead letters {@code flow} had. */
    long deadOf(String flow) {
        return dead.getOrDefault(flow, Map.of()).values().stream().mapToLong(Tallies.DeadCounts::count).sum();
    }

    /** Whether the counts that tell whether flows still move are the same as in {@code other}. */
    boolean sameCounts(FlowStats other) {
        return sent.equals(other.sent) && countsKey().equals(other.countsKey());
    }

    private Map<String, List<Long>> countsKey() {
        Map<String, List<Long>> key = new TreeMap<>();
        received.forEach((flow, counts) -> key.put(flow, List.of(counts.received(), counts.duplicates())));
        dead.forEach((flow, reasons) -> key.put(flow + " dead", List.of(deadOf(flow))));
        return key;
    }
}
