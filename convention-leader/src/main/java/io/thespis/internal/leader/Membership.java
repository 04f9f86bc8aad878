package io.thespis.internal.leader;

import io.thespis.actor.Timing;
import io.thespis.internal.membership.MemberView;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.Removal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The leader's registry and failure detector: a {@link MemberView} (the rules every party shares) plus when each
 * member was last heard from. Time is passed in, so tests move it. Soft state only: members re-register after a
 * leader restart. Not thread-safe: the leader serializes calls and sends the returned changes afterwards.
 *
 * <p>Failure detection:
 * <ul>
 *   <li>A member silent for longer than the member timeout is declared gone.</li>
 *   <li>A member whose stream ends while it was heard within two heartbeat intervals is gone at once: its process
 *       died (the peer's kernel reset the connection). A stream that ends after the member had already fallen
 *       silent is a symptom of the silence, and only the timeout decides.</li>
 *   <li>The leader's isolation is not the members': when at least two members, and more than half of the others,
 *       are quiet at once (not heard for two heartbeat intervals: they fall silent in turn, by the phase of their
 *       heartbeats, so the first silent one is judged with the others that are falling quiet), the leader suspects
 *       its own network ({@link Health#ISOLATED}) and declares no one gone. When it hears from enough of them
 *       again, the ones still silent get a whole timeout to come back.</li>
 *   <li>Silence while the leader itself was paused (a GC pause, a starved CPU: its sweeps came late) is no
 *       evidence: every member's silence is counted from the end of the pause.</li>
 *   <li>Until the leader has run for a timeout and an interval ({@link Health#SETTLING}), its directory may lack
 *       live members that have not re-registered after its restart: it is not authoritative, and members keep
 *       what it lacks.</li>
 * </ul>
 */
public final class Membership {
    /** The failure detector's state. */
    public enum Health {
        /** Just started: members are still re-registering, so absence means nothing yet. */
        SETTLING,
        /** Hears from most members: silence is theirs. */
        HEALTHY,
        /** Lost most members at once: the silence is probably the leader's own. */
        ISOLATED
    }

    /** What became of a registration. */
    public enum Admission {
        /** Registered (new, a newer incarnation, or a re-registration of the live one). */
        ACCEPTED,
        /** The incarnation was declared gone: it must rejoin as a new one. */
        DECLARED_GONE,
        /** A lower incarnation than the one registered at that address. */
        STALE
    }

    private final Timing settings;
    private final Supplier<String> leaderAddress;
    private final long startedNanos;
    /**
     * The most bytes the live members may take together, as the directory snapshot every member reads whole: half
     * the 16 MiB frame, the rest left for removals and the message around them.
     */
    public static final long MAX_DIRECTORY_BYTES = 8L << 20;

    private final MemberView view = new MemberView();
    private final Map<String, Long> lastHeard = new HashMap<>();
    /** Each live member's serialized size, and their sum: what a snapshot of them takes. */
    private final Map<String, Integer> sizes = new HashMap<>();
    private long directoryBytes;
    private Health health = Health.SETTLING;
    private long lastSweepNanos;

    /**
     * A registry started at {@code startedNanos}, for a leader whose own member at {@code leaderAddress} is not
     * counted when judging the leader's isolation.
     */
    public Membership(Timing settings, Supplier<String> leaderAddress, long startedNanos) {
        this.settings = settings;
        this.leaderAddress = leaderAddress;
        this.startedNanos = startedNanos;
        this.lastSweepNanos = startedNanos;
    }

    /** Whether {@code info} may register, before {@link #register} applies it. */
    public Admission admission(MemberInfo info) {
        if (view.isGone(info.getAddress(), info.getIncarnation())) {
            MemberInfo live = view.get(info.getAddress());
            return live != null && live.getIncarnation() > info.getIncarnation() ? Admission.STALE
                    : Admission.DECLARED_GONE;
        }
        return Admission.ACCEPTED;
    }

    /**
     * Why holding {@code info} (in place of what its address holds now) would make the directory larger than every
     * member can read as one snapshot ({@link #MAX_DIRECTORY_BYTES}), or {@code null} when it fits.
     */
    public String directoryTooLarge(MemberInfo info) {
        Integer held = sizes.get(info.getAddress());
        long after = directoryBytes - (held == null ? 0 : held) + info.getSerializedSize();
        return after > MAX_DIRECTORY_BYTES ? "the Convention's directory would take " + after + " bytes, and every "
                + "member must read it whole: at most " + MAX_DIRECTORY_BYTES + " bytes of members" : null;
    }

    /** What the live members take as a snapshot, in bytes. */
    public long directoryBytes() {
        return directoryBytes;
    }

    /**
     * Learns the removals a registering member knows of (a restarted leader relearns them as it relearns members);
     * returns what changed. An incarnation they remove is gone here too, and is told so when it registers.
     */
    public List<MemberView.Change> learn(Collection<Removal> removals) {
        List<MemberView.Change> changes = new ArrayList<>();
        for (Removal removal : removals) {
            List<MemberView.Change> removed = accounted(view.remove(removal));
            removed.forEach(change -> lastHeard.remove(change.member().getAddress()));
            changes.addAll(removed);
        }
        return changes;
    }

    /** Registers {@code info}, admitted by {@link #admission}; returns what changed. */
    public List<MemberView.Change> register(MemberInfo info, long nowNanos) {
        lastHeard.put(info.getAddress(), nowNanos);
        return accounted(view.upsert(info));
    }

    /**
     * A heartbeat with the member's load: the member as now held, or {@code null} when that incarnation is not
     * (or no longer) registered.
     */
    public MemberInfo heartbeat(String address, long incarnation, int actorCount, long mailboxBacklog, long nowNanos) {
        MemberInfo held = view.get(address);
        if (held == null || held.getIncarnation() != incarnation) {
            return null;
        }
        lastHeard.put(address, nowNanos);
        accounted(view.upsert(held.toBuilder().setActorCount(actorCount).setMailboxBacklog(mailboxBacklog).build()));
        return view.get(address);
    }

    /** A capability change of a registered incarnation (a newer version); returns what changed. */
    public List<MemberView.Change> update(MemberInfo info, long nowNanos) {
        MemberInfo held = view.get(info.getAddress());
        if (held == null || held.getIncarnation() != info.getIncarnation()) {
            return List.of();
        }
        lastHeard.put(info.getAddress(), nowNanos);
        return accounted(view.upsert(info));
    }

    /** The member left, or broke the protocol: removes that incarnation. */
    public List<MemberView.Change> remove(String address, long incarnation, String reason) {
        MemberInfo held = view.get(address);
        if (held == null || held.getIncarnation() != incarnation) {
            return List.of();
        }
        return forget(held, reason);
    }

    /**
     * The stream of incarnation {@code incarnation} at {@code address} ended: gone at once if it was heard within
     * two heartbeat intervals (its process died), else left to the timeout.
     */
    public List<MemberView.Change> streamEnded(String address, long incarnation, String reason, long nowNanos) {
        Long heard = lastHeard.get(address);
        if (heard == null || nowNanos - heard > 2 * settings.heartbeatInterval().toNanos()) {
            return List.of();
        }
        return remove(address, incarnation, reason);
    }

    /** Applies failure detection at {@code nowNanos}; returns the members declared gone. */
    public List<MemberView.Change> sweep(long nowNanos) {
        long timeout = settings.memberTimeout().toNanos();
        long paused = nowNanos - lastSweepNanos - 2 * settings.heartbeatInterval().toNanos();
        lastSweepNanos = nowNanos;
        if (paused > 0) {
            lastHeard.replaceAll((address, heard) -> heard + paused);
        }
        if (health == Health.SETTLING && nowNanos - startedNanos >= timeout + settings.heartbeatInterval().toNanos()) {
            health = Health.HEALTHY;
        }
        long quietNanos = 2 * settings.heartbeatInterval().toNanos();
        List<MemberInfo> silent = new ArrayList<>();
        int others = 0;
        int quiet = 0;
        for (MemberInfo member : view.members()) {
            if (member.getAddress().equals(leaderAddress.get())) {
                continue;
            }
            others++;
            long unheard = nowNanos - lastHeard.getOrDefault(member.getAddress(), nowNanos);
            if (unheard > quietNanos) {
                quiet++;
            }
            if (unheard > timeout) {
                silent.add(member);
            }
        }
        if (quiet >= 2 && quiet * 2 > others) {
            health = Health.ISOLATED;
            return List.of();
        }
        if (health == Health.ISOLATED) {
            health = Health.HEALTHY;
            silent.forEach(member -> lastHeard.put(member.getAddress(), nowNanos));
            return List.of();
        }
        List<MemberView.Change> changes = new ArrayList<>();
        for (MemberInfo member : silent) {
            changes.addAll(forget(member, "silent for over " + settings.memberTimeout().toMillis() + " ms"));
        }
        return changes;
    }

    private List<MemberView.Change> forget(MemberInfo member, String reason) {
        lastHeard.remove(member.getAddress());
        return accounted(view.remove(MemberView.removal(member, reason)));
    }

    /** Keeps {@link #directoryBytes} in step with what the view holds after {@code changes}; returns them. */
    private List<MemberView.Change> accounted(List<MemberView.Change> changes) {
        for (MemberView.Change change : changes) {
            String address = change.member().getAddress();
            MemberInfo held = view.get(address);
            Integer now = held == null ? null : held.getSerializedSize();
            Integer before = now == null ? sizes.remove(address) : sizes.put(address, now);
            directoryBytes += (now == null ? 0 : now) - (before == null ? 0 : before);
        }
        return changes;
    }

    /** The failure detector's state as of the last {@link #sweep}. */
    public Health health() {
        return health;
    }

    /** Whether a member absent from this registry is gone (see {@link Health#SETTLING}). */
    public boolean authoritative() {
        return health != Health.SETTLING;
    }

    /** The live member at {@code address}, or {@code null}. */
    public MemberInfo get(String address) {
        return view.get(address);
    }

    /** Why the incarnation at {@code address} is gone, or {@code null}. */
    public String goneReason(String address, long incarnation) {
        return view.goneReason(address, incarnation);
    }

    /** Every live member. */
    public Collection<MemberInfo> members() {
        return view.members();
    }

    /** How many members are live. */
    public int size() {
        return view.size();
    }
}
