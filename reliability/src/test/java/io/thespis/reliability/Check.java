package io.thespis.reliability;

/**
 * One property of a scenario as measured: written to the report first, asserted after.
 *
 * @param property what is checked, in the words
 * @param figure   what was measured
 * @param required what the issue requires
 * @param met      whether the figure meets it
 */
record Check(String property, String figure, String required, boolean met) {

    /** The line an assertion failure shows. */
    String describe() {
        return property + ": " + figure + " (required: " + required + ")";
    }
}
