package io.thespis.benchmarks.remote;

/**
 * One platform's side of the cross-process figures: this JVM (the driver) talks to actors in a second JVM on
 * 127.0.0.1. Both platforms run the same protocol: a sender here streams small messages (boxed integers) to a
 * receiver there, which acknowledges every {@link #ACK_EVERY}; the sender keeps at most {@link #WINDOW}
 * unacknowledged (Pekko's Artery drops what overflows its outbound queue, so an unpaced flood would not be a twin).
 */
interface RemotePlatform extends AutoCloseable {
    /** The receiver acknowledges every this many messages. */
    int ACK_EVERY = 1_000;
    /** The sender keeps at most this many messages unacknowledged. */
    int WINDOW = 20_000;

    /** Starts the other JVM and this side, and finds the actors there. */
    void start() throws Exception;

    /** Sends {@code messages} (a multiple of {@link #ACK_EVERY}) and returns the seconds until all were acknowledged. */
    double tell(int messages) throws Exception;

    /** One ask from outside code here to the echo actor there; returns the round trip in nanoseconds. */
    long ask() throws Exception;

    /** Stops this side and the other JVM. */
    @Override
    void close() throws Exception;
}
