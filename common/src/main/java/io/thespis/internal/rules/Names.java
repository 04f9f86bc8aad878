package io.thespis.internal.rules;

/** How capability names and numbers appear in explanations. */
final class Names {
    private Names() {
    }

    /** The name as is when it is a plain word ({@code zone}), else in quotes ({@code "Has DB access"}). */
    static String quote(String name) {
        return name.matches("[A-Za-z0-9_.\\-]+") ? name : "\"" + name + "\"";
    }

    /** {@code 2} rather than {@code 2.0} for whole numbers. */
    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
