package io.thespis.reliability;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.WakeupMessage;

import java.time.Duration;

/**
 * Sends one flow of {@link Numbered} messages to one target: a small batch every {@link #TICK}, so that the rate is
 * {@code perSecond} for as long as the process runs (a frozen process resumes at that rate, without a burst).
 * Stops after {@code limit} messages (0: never), once its process's flows are stopped ({@link Tallies#stopFlows()}),
 * or with its incarnation; counts what it sent in {@link Tallies}, which outlive it.
 */
public final class Source extends Actor {
    /** How often a batch goes out. */
    static final Duration TICK = Duration.ofMillis(50);
    private static final long TICKS_PER_SECOND = Duration.ofSeconds(1).dividedBy(TICK);

    private Start flow;
    private long perTick;
    private long sent;

    /**
     * Starts the flow.
     *
     * @param flow      the flow's id
     * @param target    where its messages go
     * @param perSecond how many a second
     * @param limit     how many in all; 0 for no limit
     */
    record Start(String flow, ActorAddress target, int perSecond, long limit) {
    }

    @Override
    protected void receiveMessage(Object message, ActorAddress sender) {
        if (message instanceof Start start && flow == null) {
            flow = start;
            perTick = Math.max(1, (start.perSecond() + TICKS_PER_SECOND - 1) / TICKS_PER_SECOND);
            tick();
        } else if (message instanceof WakeupMessage && flow != null) {
            tick();
        }
    }

    private void tick() {
        for (long i = 0; i < perTick && running(); i++) {
            send(flow.target(), new Numbered(flow.flow(), sent));
            Tallies.sent(flow.flow(), sent++);
        }
        if (running()) {
            wakeupAfter(TICK, null);
        }
    }

    private boolean running() {
        return !Tallies.flowsStopped() && (flow.limit() == 0 || sent < flow.limit());
    }
}
