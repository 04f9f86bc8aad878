package io.thespis.internal.rules;

import io.thespis.actor.RequireCapability;

/**
 * One declarative requirement of an actor class, from a {@link RequireCapability}: the capability must be
 * truthy, or equal {@code equalTo}, or be a number at least {@code atLeast}.
 *
 * @param name    the capability name
 * @param equalTo the wanted string form, or {@code null}
 * @param atLeast the wanted minimum, or {@code null}
 */
public record CapabilityRequirement(String name, String equalTo, Double atLeast) {

    static CapabilityRequirement of(RequireCapability annotation) {
        return new CapabilityRequirement(annotation.value(),
                annotation.equalTo().isEmpty() ? null : annotation.equalTo(),
                Double.isNaN(annotation.atLeast()) ? null : annotation.atLeast());
    }

    /** Whether only truthiness is asked for. */
    public boolean truthyOnly() {
        return equalTo == null && atLeast == null;
    }

    /** Whether {@code value} (the system's capability, or {@code null} when absent) meets this requirement. */
    public boolean isMet(Object value) {
        if (value == null) {
            return false;
        }
        if (equalTo != null && !equalTo.equals(String.valueOf(value))) {
            return false;
        }
        if (atLeast != null && !(numberOf(value) >= atLeast)) {
            return false;
        }
        return !truthyOnly() || Truthiness.isTruthy(value);
    }

    /**
     * Why {@code value} fails this requirement, as a phrase that reads after a count ({@code lack "Has DB
     * access"}); {@code null} when it holds.
     */
    public String unmetReason(Object value) {
        if (isMet(value)) {
            return null;
        }
        if (value == null) {
            return "lack " + Names.quote(name);
        }
        if (equalTo != null && !equalTo.equals(String.valueOf(value))) {
            return "have " + Names.quote(name) + "=" + value + " (wanted " + equalTo + ")";
        }
        if (atLeast != null && !(numberOf(value) >= atLeast)) {
            return "have " + Names.quote(name) + "=" + value + " (wanted at least " + Names.number(atLeast) + ")";
        }
        return "have " + Names.quote(name) + "=" + value + " (wanted a true value)";
    }

    private static double numberOf(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
