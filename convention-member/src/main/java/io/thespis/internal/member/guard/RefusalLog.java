package io.thespis.internal.member.guard;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Function;

/**
 * Refusals of what remote parties send: each counted by kind, and logged in one line at most once per peer and
 * {@link #PERIOD}, so that a peer sending malformed or hostile frames cannot fill the log (or the disk) with them.
 * Thread-safe.
 */
public final class RefusalLog {
    /**
     * The kinds of refusal, as counted and as the metric {@code thespis_refusals_total{cause}} shows them: a call
     * outside the caller's role or identity ({@code unauthorized}), a frame that breaks the protocol
     * ({@code malformed}, {@code unknown}), an envelope not for this system ({@code misaddressed}), whose sender is not
     * the sending system's ({@code forged-sender}) or is its recipient ({@code self-addressed}), a payload that does
     * not decode ({@code undecodable}), a client that does not read ({@code outbox-full}).
     */
    public static final List<String> KINDS = List.of("unauthorized", "malformed", "unknown", "misaddressed",
            "forged-sender", "self-addressed", "undecodable", "outbox-full");
    /** How often one peer's refusals are logged at most. */
    public static final Duration PERIOD = Duration.ofMinutes(1);
    /** Peers whose last logged refusal is remembered; beyond, the oldest is forgotten (and may be logged again). */
    static final int PEERS_REMEMBERED = 1024;
    /** Characters of a peer's name kept and logged: a hostile peer names itself as it likes. */
    static final int PEER_CHARACTERS = 128;

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > PEERS_REMEMBERED;
        }
    };

    /** Refusals logged to {@code log}, periods measured by {@code nanoTime}. */
    public RefusalLog(System.Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * Counts a refusal of {@code kind} (a fixed word such as {@code "self-addressed"}) of what {@code peer} sent,
     * and logs the {@code line} made for the peer's {@link #shortened} name at WARNING, unless a refusal from
     * {@code peer} was logged within the period.
     */
    public void refused(String kind, String peer, Function<String, String> line) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("not a kind of refusal: " + kind + "; expected one of " + KINDS);
        }
        counts.computeIfAbsent(kind, key -> new LongAdder()).increment();
        String shortPeer = shortened(peer);
        long now = nanoTime.getAsLong();
        synchronized (lastLogged) {
            Long last = lastLogged.get(shortPeer);
            if (last != null && now - last < PERIOD.toNanos()) {
                return;
            }
            lastLogged.put(shortPeer, now);
        }
        log.log(Level.WARNING, line.apply(shortPeer) + " (further refusals of what " + shortPeer
                + " sends are counted, and logged once a minute)");
    }

    /** {@code peer}, cut to {@link #PEER_CHARACTERS}. */
    public static String shortened(String peer) {
        return peer.length() <= PEER_CHARACTERS ? peer
                : peer.substring(0, PEER_CHARACTERS) + "...(" + peer.length() + " characters)";
    }

    /** How many refusals of each kind there were. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((kind, count) -> snapshot.put(kind, count.sum()));
        return snapshot;
    }
}
