package io.thespis.internal.member.wire;

/** Whole-number capability values, typed as operators expect them. */
public final class WholeNumbers {
    private WholeNumbers() {
    }

    /**
     * {@code value} as an {@code Integer} when it fits, else a {@code Long}. (Not a conditional expression: one with
     * an {@code Integer} and a {@code Long} branch would promote both to {@code long}.)
     */
    public static Number narrowest(long value) {
        if (value == (int) value) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }
}
