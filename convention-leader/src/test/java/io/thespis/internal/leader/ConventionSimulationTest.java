package io.thespis.internal.leader;

import io.thespis.actor.Timing;
import io.thespis.internal.membership.MemberView;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.Removal;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Convention simulated in virtual time: the leader's {@link Membership} and each member's {@link MemberView},
 * joined by in-order links that partitions cut, under random interleavings of joins, capability changes, restarts,
 * freezes, partitions and leader restarts. After everything heals, every view must be the leader's, and every live
 * member in it. The members follow the protocol's rules: heartbeats, a leader lost after the timeout, re-registering
 * with a newer version, rejoining as a new incarnation when told it was declared gone, reporting what it knows was
 * removed. A failing seed is printed and replays with {@code -Dseed=N}.
 */
class ConventionSimulationTest {
    private static final Timing SETTINGS = new Timing(Duration.ofMillis(500), Duration.ofSeconds(3));
    private static final long MS = 1_000_000L;
    private static final long TICK_MS = 100;
    private static final String LEADER = "leader:1";

    private final Random random = new Random();
    private final List<SimulatedMember> members = new ArrayList<>();
    /** The members whose current stream the leader holds: it sends them its news and heartbeats. */
    private final Map<String, SimulatedMember> sessions = new TreeMap<>();
    private Membership leader;
    private long now;

    /** News from the leader, in order, with the time it may be read. */
    private record Down(long dueNanos, Object news) {
    }

    private record Snapshot(List<MemberInfo> members, boolean authoritative) {
    }

    private record Refusal() {
    }

    private final class SimulatedMember {
        final String address;
        final MemberView view = new MemberView();
        final ArrayDeque<Down> inbox = new ArrayDeque<>();
        long incarnation;
        long version;
        long generation = 1;
        boolean joined;
        long lastHeardNanos;
        long frozenUntilNanos;
        long cutUntilNanos;
        long nextAttemptNanos;

        SimulatedMember(String address) {
            this.address = address;
            this.incarnation = 1;
        }

        boolean frozen() {
            return now < frozenUntilNanos;
        }

        boolean cut() {
            return now < cutUntilNanos;
        }

        MemberInfo info() {
            return MemberInfo.newBuilder().setAddress(address).setIncarnation(incarnation).setVersion(version)
                    .setGeneration(generation).build();
        }

        void step() {
            if (frozen()) {
                return;
            }
            while (!inbox.isEmpty() && inbox.peek().dueNanos() <= now) {
                read(inbox.poll().news());
            }
            if (joined && now - lastHeardNanos > SETTINGS.memberTimeout().toNanos()) {
                // The leader is lost: the member abandons the stream, and what it still held with it.
                joined = false;
                inbox.clear();
                nextAttemptNanos = now + (100 + random.nextInt(900)) * MS;
            }
            if (!joined && now >= nextAttemptNanos) {
                nextAttemptNanos = now + (100 + random.nextInt(900)) * MS;
                version++;
                view.upsert(info());
                if (!cut()) {
                    register(this);
                }
            }
            if (joined && now % SETTINGS.heartbeatInterval().toNanos() == 0 && !cut()) {
                leader.heartbeat(address, incarnation, 0, 0, now);
            }
            if (joined && random.nextInt(400) == 0) {
                generation++;
                version++;
                view.upsert(info());
                if (!cut()) {
                    broadcast(leader.update(info(), now));
                }
            }
        }

        void read(Object news) {
            lastHeardNanos = now;
            if (news instanceof Refusal) {
                sessions.remove(address, this);
                quarantine();
            } else if (news instanceof Snapshot snapshot) {
                joined = true;
                List<MemberView.Change> changes = view.applySnapshot(snapshot.members(), snapshot.authoritative(),
                        address, "absent");
                handle(changes);
                List<Removal> absent = changes.stream().filter(change -> change.outcome() == MemberView.Outcome.REMOVED)
                        .map(MemberView.Change::removal).toList();
                if (!absent.isEmpty() && !cut() && sessions.get(address) == this) {
                    broadcast(leader.learn(absent));
                }
            } else if (news instanceof MemberInfo member) {
                handle(view.upsert(member));
            } else if (news instanceof Removal removal) {
                handle(view.remove(removal));
            }
        }

        void handle(List<MemberView.Change> changes) {
            for (MemberView.Change change : changes) {
                if (change.outcome() == MemberView.Outcome.REMOVED && change.member().getAddress().equals(address)
                        && change.member().getIncarnation() == incarnation) {
                    quarantine();
                }
            }
        }

        void quarantine() {
            incarnation++;
            version = 0;
            joined = false;
            inbox.clear();
            nextAttemptNanos = now;
        }

        /** News on the member's stream: in order, held back while the link is cut (TCP keeps it). */
        void deliver(Object news) {
            long last = inbox.isEmpty() ? now : inbox.peekLast().dueNanos();
            long due = Math.max(now + random.nextInt(300) * MS, cutUntilNanos);
            inbox.add(new Down(Math.max(last, due), news));
        }
    }

    private void register(SimulatedMember member) {
        MemberInfo info = member.info();
        broadcast(leader.learn(member.view.recentRemovals(ConventionLeader.MAX_REPORTED_REMOVALS)));
        if (leader.admission(info) != Membership.Admission.ACCEPTED) {
            member.deliver(new Refusal());
            return;
        }
        List<MemberView.Change> changes = leader.register(info, now);
        sessions.put(member.address, member);
        member.deliver(new Snapshot(List.copyOf(leader.members()), leader.authoritative()));
        broadcast(changes);
    }

    private void broadcast(List<MemberView.Change> changes) {
        for (MemberView.Change change : changes) {
            Object news = change.outcome() == MemberView.Outcome.REMOVED ? change.removal() : change.member();
            sessions.values().forEach(member -> member.deliver(news));
            if (change.outcome() == MemberView.Outcome.REMOVED) {
                // The leader ends the removed incarnation's stream: that member hears nothing more on it.
                SimulatedMember ended = sessions.get(change.member().getAddress());
                if (ended != null && ended.incarnation <= change.removal().getIncarnation()) {
                    sessions.remove(ended.address);
                }
            }
        }
    }

    private void run(long untilNanos, boolean faults) {
        while (now < untilNanos) {
            now += TICK_MS * MS;
            if (faults) {
                injectFault();
            }
            members.forEach(SimulatedMember::step);
            if (now % SETTINGS.heartbeatInterval().toNanos() == 0) {
                boolean settling = !leader.authoritative();
                broadcast(leader.sweep(now));
                sessions.values().forEach(member -> member.deliver("heartbeat"));
                if (settling && leader.authoritative()) {
                    Snapshot snapshot = new Snapshot(List.copyOf(leader.members()), true);
                    sessions.values().forEach(member -> member.deliver(snapshot));
                }
            }
        }
    }

    private void injectFault() {
        int dice = random.nextInt(1000);
        SimulatedMember victim = members.get(random.nextInt(members.size()));
        if (dice < 8) {
            victim.cutUntilNanos = now + (500 + random.nextInt(12_000)) * MS;
        } else if (dice < 14) {
            victim.frozenUntilNanos = now + (500 + random.nextInt(8_000)) * MS;
        } else if (dice < 16) {
            for (SimulatedMember member : members) {
                member.cutUntilNanos = now + (1000 + random.nextInt(10_000)) * MS;
            }
        } else if (dice < 17) {
            leader = new Membership(SETTINGS, () -> LEADER, now);
            sessions.clear();
            for (SimulatedMember member : members) {
                member.inbox.clear();
                member.joined = false;
            }
        } else if (dice < 19 && !victim.cut()) {
            // The process restarts: its stream ends (the leader sees a reset), and it comes back a new incarnation.
            if (sessions.get(victim.address) == victim) {
                sessions.remove(victim.address);
                broadcast(leader.streamEnded(victim.address, victim.incarnation, "reset", now));
            }
            victim.incarnation++;
            victim.version = 0;
            victim.joined = false;
            victim.inbox.clear();
        }
    }

    private static Map<String, Long> incarnations(java.util.Collection<MemberInfo> view) {
        Map<String, Long> byAddress = new TreeMap<>();
        view.forEach(member -> byAddress.put(member.getAddress(), member.getIncarnation()));
        return byAddress;
    }

    @RepeatedTest(30)
    void afterAnyInterleavingOfFaultsHealsEveryViewIsTheLeadersAndHoldsEveryLiveMember(RepetitionInfo repetition) {
        long seed = Long.getLong("seed", System.nanoTime() + repetition.getCurrentRepetition());
        random.setSeed(seed);
        leader = new Membership(SETTINGS, () -> LEADER, 0);
        for (int i = 0; i < 5; i++) {
            members.add(new SimulatedMember("m" + i + ":1"));
        }
        run(60_000 * MS, true);
        long healed = now;
        for (SimulatedMember member : members) {
            member.cutUntilNanos = Math.min(member.cutUntilNanos, healed);
            member.frozenUntilNanos = Math.min(member.frozenUntilNanos, healed);
        }
        run(healed + 20_000 * MS, false);

        Map<String, Long> expected = new TreeMap<>();
        members.forEach(member -> expected.put(member.address, member.incarnation));
        assertEquals(expected, incarnations(leader.members()), "the leader holds every live member, seed " + seed);
        for (SimulatedMember member : members) {
            assertEquals(expected, incarnations(member.view.members()), member.address + "'s view, seed " + seed);
        }
    }
}
