package io.thespis.reliability;

/**
 * A member process became a new incarnation (it was declared gone, stopped its actors and rejoined), as its
 * {@code incarnation} line gave it ({@link Incarnations}).
 *
 * @param at     when the process noticed, in ms of the machine's wall clock
 * @param from   the system id of the incarnation it was
 * @param to     the system id of the incarnation it is now
 * @param signal what made it look
 */
record IncarnationChange(long at, String from, String to, String signal) {
}
