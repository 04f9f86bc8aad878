package io.thespis.internal.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the message of a {@link io.thespis.actor.NoCompatibleSystemForActor}: the class, the requirements,
 * how many systems were considered and, grouped by reason, why each was refused.
 */
public final class PlacementRefusal {
    private static final int NAMES_SHOWN = 3;

    private PlacementRefusal() {
    }

    /**
     * The message for {@code actorClass} created with {@code requirements}, given the verdict of every system
     * considered, keyed by the system's address in the order they were considered.
     */
    public static String message(String actorClass, Map<String, Object> requirements,
                                 Map<String, Verdict> verdicts) {
        Map<String, List<String>> systemsByReason = new LinkedHashMap<>();
        int eligible = 0;
        for (Map.Entry<String, Verdict> entry : verdicts.entrySet()) {
            if (entry.getValue().eligible()) {
                eligible++;
            } else {
                systemsByReason.computeIfAbsent(entry.getValue().reason(), r -> new ArrayList<>()).add(entry.getKey());
            }
        }
        StringBuilder text = new StringBuilder("no system can host ").append(actorClass);
        if (!requirements.isEmpty()) {
            text.append(" with requirements ").append(requirements);
        }
        text.append(": ").append(eligible).append(" of ").append(verdicts.size()).append(" systems qualify");
        String separator = ": ";
        for (Map.Entry<String, List<String>> group : systemsByReason.entrySet()) {
            List<String> systems = group.getValue();
            text.append(separator).append(systems.size()).append(' ').append(group.getKey()).append(" (")
                    .append(String.join(", ", systems.subList(0, Math.min(NAMES_SHOWN, systems.size()))))
                    .append(systems.size() > NAMES_SHOWN ? ", ..." : "").append(')');
            separator = ", ";
        }
        return text.toString();
    }
}
