package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.DeadEnvelope;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;

/**
 * Its system's dead-letter handler once sent {@link Watch}: counts the {@link DeadEnvelope}s of {@link Numbered}
 * messages by flow and by reason; answers {@link ReportCounts}. The reason is the envelope's {@code reason}
 * component when {@link DeadEnvelope} has one, else {@value #NO_REASON}.
 */
public final class DeadLetterCounter extends Actor {
    /** The reason recorded when {@link DeadEnvelope} carries none. */
    static final String NO_REASON = "n/a";

    private final Map<String, Map<String, Long>> byFlow = new TreeMap<>();

    /** Makes this actor its system's dead-letter handler; it answers the asker with the same message. */
    record Watch() {
    }

    /**
     * A counter's counts.
     *
     * @param byFlow per flow id, the number of dead letters per reason
     */
    record Report(Map<String, Map<String, Long>> byFlow) {
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) throws ReflectiveOperationException {
        if (message instanceof Watch watch) {
            handleDeadLetters(true);
            send(sender, watch);
        } else if (message instanceof DeadEnvelope dead && dead.deadMessage() instanceof Numbered numbered) {
            byFlow.computeIfAbsent(numbered.flow(), flow -> new TreeMap<>()).merge(reason(dead), 1L, Long::sum);
        } else if (message instanceof ReportCounts) {
            Map<String, Map<String, Long>> copy = new TreeMap<>();
            byFlow.forEach((flow, reasons) -> copy.put(flow, Map.copyOf(reasons)));
            send(sender, new Report(copy));
        }
    }

    private static String reason(DeadEnvelope dead) throws ReflectiveOperationException {
        for (RecordComponent component : DeadEnvelope.class.getRecordComponents()) {
            if (component.getName().equals("reason")) {
                return String.valueOf(component.getAccessor().invoke(dead));
            }
        }
        return NO_REASON;
    }
}
