package io.thespis.conformance;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.testing.FakeTime;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every class of the conformance suite stands on: the systems of one scenario, made as Thespian's fixtures
 * make them ({@code asys}, {@code asys_pair}, {@code similar_asys} in {@code thespian/test/__init__.py}), and shut
 * down after it, the last started first (as Thespian's fixtures do, so a member's actors can still tell their parents
 * on the first).
 *
 * <ul>
 *   <li>SEQUENTIAL runs on a {@link FakeTime} clock: what would wait (an ask that gets no reply, a wakeup not yet due)
 *   moves the clock instead, so a timeout costs no real time, and {@link #letTimePass} moves it on purpose.</li>
 *   <li>CONCURRENT is the default in-process base.</li>
 *   <li>NETWORK is a Convention of one member on 127.0.0.1 at a free port, which allows this suite's messages across
 *   hosts; {@link #convention} starts several members in this JVM, joined to the first, which leads.</li>
 * </ul>
 */
abstract class ConformanceTest {
    /** How long a reply that must come may take. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How long an ask waits for a reply that must not come. */
    static final Duration NO_REPLY = Duration.ofMillis(300);

    private final List<ActorSystem> systems = new ArrayList<>();
    private FakeTime sequentialTime;

    @AfterEach
    final void shutDownEverySystem() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
        systems.clear();
    }

    /** A system of {@code base} with no capabilities. */
    final ActorSystem system(SystemBase base) {
        return system(base, Map.of());
    }

    /** A system of {@code base} with {@code capabilities}. */
    final ActorSystem system(SystemBase base, Map<String, ?> capabilities) {
        ActorSystem system = switch (base) {
            case SEQUENTIAL -> {
                sequentialTime = new FakeTime();
                yield LocalActorSystem.sequential(Map.copyOf(capabilities), sequentialTime, SourceSettings.DEFAULTS);
            }
            case CONCURRENT -> ActorSystem.builder().base(SystemBase.CONCURRENT).capabilities(capabilities).start();
            case NETWORK -> member(null, capabilities);
        };
        systems.add(system);
        return system;
    }

    /**
     * NETWORK members in this JVM, one per capability set: the first leads, the others join it. Returns them, in
     * that order, once every one of them lists them all.
     */
    @SafeVarargs
    final List<ActorSystem> convention(Map<String, ?>... capabilities) {
        ActorSystem leader = system(SystemBase.NETWORK, capabilities[0]);
        List<ActorSystem> members = new ArrayList<>(List.of(leader));
        for (int i = 1; i < capabilities.length; i++) {
            ActorSystem member = member(leader.status().adminAddress(), capabilities[i]);
            systems.add(member);
            members.add(member);
        }
        awaitMembers(members.size(), members);
        return members;
    }

    /** A NETWORK member with {@code capabilities} joining the Convention led by {@code leader}, once it is in. */
    final ActorSystem join(ActorSystem leader, Map<String, ?> capabilities) {
        int before = leader.status().members().size();
        ActorSystem member = member(leader.status().adminAddress(), capabilities);
        systems.add(member);
        awaitMembers(before + 1, List.of(leader, member));
        return member;
    }

    private static ActorSystem member(String leader, Map<String, ?> capabilities) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .capabilities(capabilities).messagePackages(ConformanceTest.class.getPackageName());
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        return builder.start();
    }

    /** Waits until each of {@code members} lists {@code count} live members of its Convention. */
    static void awaitMembers(int count, List<ActorSystem> members) {
        for (ActorSystem member : members) {
            eventually(() -> member.status().members().size() == count);
        }
    }

    /** Whether {@code capabilities} hold {@code name} as {@code true}: what the ported check methods ask. */
    static boolean has(Map<String, Object> capabilities, Object name) {
        return Boolean.TRUE.equals(capabilities.get(name));
    }

    /** Asks {@code actor} from {@code system}, waiting for a reply that must come. */
    static Object ask(ActorSystem system, ActorAddress actor, Object message) {
        return system.ask(actor, message, WAIT);
    }

    /**
     * Sets capability {@code name} of {@code system} to {@code value} ({@code null} removes it), then waits until each
     * of {@code viewers} sees it so.
     */
    static void updateCapability(ActorSystem system, String name, Object value, List<ActorSystem> viewers) {
        system.updateCapability(name, value);
        awaitCapabilitySeen(system, name, value, viewers);
    }

    /**
     * Waits until each of {@code viewers} lists capability {@code name} of {@code system} as {@code value}
     * ({@code null}: absent).
     */
    static void awaitCapabilitySeen(ActorSystem system, String name, Object value, List<ActorSystem> viewers) {
        String member = system.status().adminAddress();
        for (ActorSystem viewer : viewers) {
            eventually(() -> viewer.status().members().stream().anyMatch(m -> m.adminAddress().equals(member)
                    && Objects.equals(m.capabilities().get(name), value)));
        }
    }

    /** Checks that {@code actor} lives on {@code system}. */
    static void assertOn(ActorSystem system, ActorAddress actor) {
        String expected = system.status().adminAddress();
        assertTrue(actor.system().equals(expected) || actor.system().startsWith(expected + "/"),
                actor + " should be on " + expected);
    }

    /**
     * Lets {@code period} pass for the timers of this scenario, then waits until {@code done} holds: the SEQUENTIAL
     * clock is moved on by {@code period}; the other bases' time passes on its own.
     */
    final void letTimePass(Duration period, Callable<Boolean> done) {
        if (sequentialTime != null) {
            sequentialTime.advance(period);
        }
        eventually(done);
    }

    /** Waits until {@code done} holds, for what the actors do after the replies a scenario saw. */
    static void eventually(Callable<Boolean> done) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(WAIT).until(done);
    }
}
