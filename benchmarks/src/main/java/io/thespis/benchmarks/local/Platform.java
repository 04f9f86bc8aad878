package io.thespis.benchmarks.local;

/**
 * One actor platform doing the benchmark's work, so that Thespis and its peer run exactly the same scenarios.
 * Every method blocks until its work is done.
 */
interface Platform extends AutoCloseable {
    /** The message every burst sends: one shared immutable object, so allocation of payloads is not measured. */
    Object PING = "ping";

    /** {@code pairs} senders each send {@code messages} to their own receiver; returns once all arrived. */
    void tellBurst(int pairs, int messages) throws Exception;

    /** One request-reply from outside the system to an echoing actor. */
    Object askOnce() throws Exception;

    /** One parent creates {@code actors} children and stops each; returns once it has seen every exit. */
    void createAndExit(int actors) throws Exception;

    /** One parent creates {@code actors} idle children that stay until the platform closes; returns once all exist. */
    void createIdle(int actors) throws Exception;

    @Override
    void close();
}
