package io.thespis.reliability;

/** Asks a probe actor ({@link Sink}, {@link Source}, {@link DeadLetterCounter}) for its counts; it answers the asker. */
record ReportCounts() {
}
