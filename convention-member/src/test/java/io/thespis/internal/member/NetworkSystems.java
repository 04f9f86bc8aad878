package io.thespis.internal.member;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * NETWORK systems in this JVM on 127.0.0.1, any free port, allowed this package's messages, for one test; stopped
 * newest first by {@link #stopAll()}.
 */
final class NetworkSystems {
    private final List<ActorSystem> systems = new ArrayList<>();

    /** A system with {@code capabilities}, joined to {@code leader} (or its own leader when {@code null}). */
    ActorSystem start(String leader, Map<String, Object> capabilities) {
        return start(leader, builder -> builder.capabilities(capabilities));
    }

    /** A system joined to {@code leader} (or its own leader when {@code null}), further set by {@code settings}. */
    ActorSystem start(String leader, UnaryOperator<ActorSystem.Builder> settings) {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                .advertise("127.0.0.1").messagePackages("io.thespis.internal.member");
        if (leader != null) {
            builder.conventionLeader(leader);
        }
        ActorSystem system = settings.apply(builder).start();
        systems.add(system);
        return system;
    }

    /** Stops every system started, newest first. */
    void stopAll() {
        for (int i = systems.size() - 1; i >= 0; i--) {
            systems.get(i).shutdown();
        }
    }
}
