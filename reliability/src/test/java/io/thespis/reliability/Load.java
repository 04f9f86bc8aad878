package io.thespis.reliability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flows of numbered messages of one scenario: steady ones between every ordered pair of members for the
 * whole scenario, and after the heal a round of bursts of a fixed count between every ordered pair, each to a
 * sink created then. Each flow has one {@link Source} on its sender
 * and goes to a {@link Sink} on its receiver.
 */
final class Load {
    /** Steady flows' messages a second, each; 12 flows of 100 keep two cores far from busy. */
    static final int STEADY_RATE = 100;
    /** A burst's messages a second. */
    static final int BURST_RATE = 200;

    private final List<Flow> flows = new ArrayList<>();
    private final Map<MemberProcess, SinkAddress> steadySinks = new HashMap<>();

    /**
     * One flow.
     *
     * @param id    its id, such as {@code m1>m2} (steady) or {@code m1>m2@heal} (a burst)
     * @param from  the process that sends it
     * @param to    the process that receives it
     * @param limit how many messages in all; 0 for a steady flow
     */
    record Flow(String id, MemberProcess from, MemberProcess to, long limit) {
        boolean steady() {
            return limit == 0;
        }
    }

    /**
     * Where a sink is, to rebuild its address with {@code ActorAddress.of(system, id)} on any member.
     *
     * @param system the system part of its address
     * @param id     its actor id
     */
    record SinkAddress(String system, long id) {
    }

    /** Creates a sink on {@code member}. */
    static SinkAddress createSink(MemberProcess member) {
        JsonNode reply = member.call("sink");
        return new SinkAddress(reply.get("system").asText(), reply.get("id").asLong());
    }

    /** A sink on each of {@code members}, and a steady flow from each of them to every other one. */
    void startSteady(List<MemberProcess> members) {
        for (MemberProcess member : members) {
            steadySinks.put(member, createSink(member));
        }
        for (MemberProcess from : members) {
            for (MemberProcess to : members) {
                if (from != to) {
                    start(new Flow(from.name() + ">" + to.name(), from, to, 0), steadySinks.get(to), STEADY_RATE);
                }
            }
        }
    }

    /**
     * A fresh sink on each of {@code members}, then a burst of {@code count} messages from each of them to every
     * other one's fresh sink, tagged {@code tag}; returns those flows.
     */
    List<Flow> startRound(String tag, List<MemberProcess> members, int count) {
        Map<MemberProcess, SinkAddress> sinks = new HashMap<>();
        for (MemberProcess member : members) {
            sinks.put(member, createSink(member));
        }
        List<Flow> round = new ArrayList<>();
        for (MemberProcess from : members) {
            for (MemberProcess to : members) {
                if (from != to) {
                    Flow flow = new Flow(from.name() + ">" + to.name() + "@" + tag, from, to, count);
                    start(flow, sinks.get(to), BURST_RATE);
                    round.add(flow);
                }
            }
        }
        return round;
    }

    private void start(Flow flow, SinkAddress sink, int rate) {
        flow.from().call("flow", flow.id(), sink.system(), String.valueOf(sink.id()), String.valueOf(rate),
                String.valueOf(flow.limit()));
        flows.add(flow);
    }

    /** Every flow started, in order. */
    List<Flow> flows() {
        return List.copyOf(flows);
    }
}
