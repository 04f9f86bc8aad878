package io.thespis.internal.member;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.spi.ActorSystemProvider;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.member.client.ConnectedActorSystem;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.internal.member.transport.TransportPolicy;

import java.util.List;

/**
 * Supplies {@link io.thespis.actor.SystemBase#NETWORK} systems to {@link ActorSystem#builder()}, found through
 * {@link java.util.ServiceLoader}.
 */
public final class NetworkProvider implements ActorSystemProvider {
    @Override
    public ActorSystem start(SystemSettings settings) {
        return NetworkActorSystem.start(settings);
    }

    /** Connects as {@link TransportPolicy} allows: over mutual TLS with {@code tls}, else plaintext to loopback. */
    @Override
    public ActorSystem connect(String hostPort, TlsSettings tls) {
        SystemSettings.checkHostPort("connect address", hostPort);
        GrpcEndpoints endpoints = TransportPolicy.choose("this client", tls, false,
                List.of(hostPort.substring(0, hostPort.lastIndexOf(':'))));
        return ConnectedActorSystem.connect(hostPort, endpoints);
    }
}
