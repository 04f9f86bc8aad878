package io.thespis.reliability;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Times read off the members' {@code view} lines, each from the member's own clock (every process of a run shares
 * the machine's): when a member stopped listing another, when it listed only itself, when every directory became
 * whole and stayed so.
 */
final class ViewAnalysis {
    private ViewAnalysis() {
    }

    /** Ms from {@code since} until the first view of {@code views} (at or after it) that lacks {@code address}. */
    static OptionalLong untilAbsent(List<View> views, String address, long since) {
        return untilFirst(views, since, view -> !view.members().contains(address));
    }

    /** Ms from {@code since} until the first view that lists no member but {@code self}. */
    static OptionalLong untilAlone(List<View> views, String self, long since) {
        return untilFirst(views, since, view -> view.members().equals(Set.of(self)));
    }

    private static OptionalLong untilFirst(List<View> views, long since, Predicate<View> condition) {
        return views.stream().filter(view -> view.at() >= since && condition.test(view))
                .mapToLong(view -> view.at() - since).findFirst();
    }

    /**
     * Ms from {@code since} until every member's view listed exactly {@code expected} for good (up to its latest
     * view); empty when some member's latest view does not, or it reported no view after {@code since}.
     *
     * @param viewsByMember every member's views, oldest first
     */
    static OptionalLong untilWhole(Map<String, List<View>> viewsByMember, Set<String> expected, long since) {
        long latest = since;
        for (List<View> views : viewsByMember.values()) {
            OptionalLong wholeAt = wholeFrom(views, expected, since);
            if (wholeAt.isEmpty()) {
                return OptionalLong.empty();
            }
            latest = Math.max(latest, wholeAt.getAsLong());
        }
        return OptionalLong.of(latest - since);
    }

    /** When {@code views} became {@code expected} for good, not before {@code since}; empty if they did not. */
    private static OptionalLong wholeFrom(List<View> views, Set<String> expected, long since) {
        if (views.isEmpty() || views.get(views.size() - 1).at() < since
                || !views.get(views.size() - 1).members().equals(expected)) {
            return OptionalLong.empty();
        }
        int first = views.size() - 1;
        while (first > 0 && views.get(first - 1).members().equals(expected)) {
            first--;
        }
        return OptionalLong.of(Math.max(since, views.get(first).at()));
    }
}
