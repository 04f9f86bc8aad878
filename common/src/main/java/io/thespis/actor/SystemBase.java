package io.thespis.actor;

/**
 * How a system runs its actors. Actor code never notices which base runs it.
 */
public enum SystemBase {
    /**
     * Every actor runs on the thread that calls {@code tell}, {@code ask} or {@code listen}, one message at a
     * time in a deterministic order: for debugging and coverage (Thespian's {@code simpleSystemBase}). Wakeups that
     * came due while no such call ran are delivered first, ahead of the message the next {@code tell} or
     * {@code ask} sends.
     */
    SEQUENTIAL,
    /** Actors share a fixed pool of threads, in this process only; the default of {@link ActorSystem#create()}. */
    CONCURRENT,
    /**
     * Like {@link #CONCURRENT}, and the system joins a Convention over gRPC so actors are placed on any host
     * whose capabilities qualify. Needs {@code thespis-convention-member} on the classpath.
     */
    NETWORK
}
