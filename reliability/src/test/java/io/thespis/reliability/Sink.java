package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;

import java.util.Map;
import java.util.TreeMap;

/** Receives {@link Numbered} messages of any number of flows and tallies each flow; answers {@link ReportCounts}. */
public final class Sink extends Actor {
    private final Map<String, SequenceTally> flows = new TreeMap<>();

    /**
     * A sink's counts.
     *
     * @param flows every flow that reached it, by flow id
     */
    record Report(Map<String, SequenceTally.Counts> flows) {
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof Numbered numbered) {
            flows.computeIfAbsent(numbered.flow(), flow -> new SequenceTally()).record(numbered.seq());
        } else if (message instanceof ReportCounts) {
            Map<String, SequenceTally.Counts> counts = new TreeMap<>();
            flows.forEach((flow, tally) -> counts.put(flow, tally.counts()));
            send(sender, new Report(counts));
        }
    }
}
