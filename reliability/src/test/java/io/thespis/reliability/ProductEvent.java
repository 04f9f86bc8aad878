package io.thespis.reliability;

/**
 * One of the product's own signals, as a member's {@code event} line gave it ({@link ProductEvents}).
 *
 * @param at      when the product logged it, in ms of the machine's wall clock
 * @param kind    which signal, such as {@code leader-lost} (a member lost the Convention Leader),
 *                {@code leader-isolated} (the leader lost most members at once) or {@code declared-gone}
 * @param message the log record's message
 */
record ProductEvent(long at, String kind, String message) {
}
