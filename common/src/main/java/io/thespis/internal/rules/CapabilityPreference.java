package io.thespis.internal.rules;

import io.thespis.actor.PreferCapability;

import java.util.Map;

/**
 * One soft preference of an actor class, from a {@link PreferCapability}.
 *
 * @param name    the capability name
 * @param weight  what a system that has it scores
 * @param equalTo the wanted string form, or {@code null} for "truthy"
 */
public record CapabilityPreference(String name, int weight, String equalTo) {

    static CapabilityPreference of(PreferCapability annotation, Class<?> actorClass) {
        if (annotation.weight() <= 0) {
            throw new io.thespis.actor.InvalidActorSpecification(actorClass.getName() + ": @PreferCapability(\""
                    + annotation.value() + "\") needs a positive weight, got " + annotation.weight());
        }
        return new CapabilityPreference(annotation.value(), annotation.weight(),
                annotation.equalTo().isEmpty() ? null : annotation.equalTo());
    }

    /** The weight when {@code capabilities} satisfy this preference, else 0. */
    public int score(Map<String, Object> capabilities) {
        Object value = capabilities.get(name);
        boolean met = equalTo == null ? Truthiness.isTruthy(value) : value != null && equalTo.equals(String.valueOf(value));
        return met ? weight : 0;
    }
}
