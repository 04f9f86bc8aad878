package io.thespis.internal.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The unfinished source uploads the leader holds: at most {@link #PER_PEER} per peer address and {@link #TOTAL} in
 * all, so that uploads declared large and never finished cannot keep the leader's memory or block other loads. An
 * upload that sent no bytes for {@link #IDLE_TIMEOUT} is dropped as soon as a new upload asks for a slot or any
 * upload sends bytes: no thread of its own watches them. Thread-safe.
 */
final class UploadSlots {
    /** Unfinished uploads from one peer address at most. */
    static final int PER_PEER = 2;
    /** Unfinished uploads in all at most. */
    static final int TOTAL = 8;
    /** How long an upload may send no bytes before it is dropped. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** An unfinished upload, which can be told it was dropped. */
    interface Upload {
        /** The upload was dropped for {@code reason}: it must fail and release its slot. */
        void expire(String reason);
    }

    private final LongSupplier nanoTime;
    private final Duration idleTimeout;
    private final Map<Upload, Slot> held = new HashMap<>();

    /** Slots whose idleness is measured by {@code nanoTime}, dropped after {@code idleTimeout} without bytes. */
    UploadSlots(LongSupplier nanoTime, Duration idleTimeout) {
        this.nanoTime = nanoTime;
        this.idleTimeout = idleTimeout;
    }

    /** Gives {@code upload} from {@code peer} a slot; {@code null} when it got one, else why not. */
    String take(Upload upload, String peer) {
        expireIdle();
        synchronized (this) {
            long fromPeer = held.values().stream().filter(slot -> slot.peer.equals(peer)).count();
            if (fromPeer >= PER_PEER || held.size() >= TOTAL) {
                return fromPeer + " uploads from " + peer + " and " + held.size() + " in all are unfinished (at most "
                        + PER_PEER + " per address and " + TOTAL + " in all); an upload that sends no bytes for "
                        + idleTimeout.toMillis() + " ms is dropped: try again when one is done";
            }
            held.put(upload, new Slot(peer, nanoTime.getAsLong()));
            return null;
        }
    }

    /** {@code upload} sent bytes just now. */
    void touched(Upload upload) {
        synchronized (this) {
            Slot slot = held.get(upload);
            if (slot != null) {
                slot.lastBytesNanos = nanoTime.getAsLong();
            }
        }
        expireIdle();
    }

    /** {@code upload} is finished or failed: its slot is free. */
    synchronized void release(Upload upload) {
        held.remove(upload);
    }

    /** Unfinished uploads now. */
    synchronized int held() {
        return held.size();
    }

    /** Drops the uploads idle for too long; they are told outside the lock, since they fail their calls. */
    private void expireIdle() {
        List<Upload> idle = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            held.entrySet().removeIf(entry -> {
                boolean expired = now - entry.getValue().lastBytesNanos > idleTimeout.toNanos();
                if (expired) {
                    idle.add(entry.getKey());
                }
                return expired;
            });
        }
        for (Upload upload : idle) {
            upload.expire("the upload sent no bytes for " + idleTimeout.toMillis() + " ms and was dropped");
        }
    }

    private static final class Slot {
        private final String peer;
        private long lastBytesNanos;

        Slot(String peer, long lastBytesNanos) {
            this.peer = peer;
            this.lastBytesNanos = lastBytesNanos;
        }
    }
}
