package io.thespis.internal.member;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.spi.ActorSystemProvider;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.member.client.ConnectedActorSystem;

/**
 * Supplies {@link io.thespis.actor.SystemBase#NETWORK} systems to {@link ActorSystem#builder()}, found through
 * {@link java.util.ServiceLoader}.
 */
public final class NetworkProvider implements ActorSystemProvider {
    @Override
    public ActorSystem start(SystemSettings settings) {
        return NetworkActorSystem.start(settings);
    }

    @Override
    public ActorSystem connect(String hostPort) {
        return ConnectedActorSystem.connect(SystemSettings.checkHostPort("connect address", hostPort));
    }
}
