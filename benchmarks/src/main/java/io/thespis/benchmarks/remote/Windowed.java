package io.thespis.benchmarks.remote;

/**
 * The sender's side of the windowed protocol, the same on both platforms: how many to send now, given what was
 * acknowledged.
 */
final class Windowed {
    private final int total;
    private int sent;

    Windowed(int total) {
        this.total = total;
    }

    /** How many may be sent now that {@code acknowledged} have arrived. */
    int sendable(int acknowledged) {
        int now = Math.min(total - sent, RemotePlatform.WINDOW - (sent - acknowledged));
        sent += Math.max(0, now);
        return Math.max(0, now);
    }

    boolean done(int acknowledged) {
        return acknowledged >= total;
    }
}
