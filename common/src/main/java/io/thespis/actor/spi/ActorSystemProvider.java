package io.thespis.actor.spi;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;

import java.util.ServiceLoader;

/**
 * Supplies networked systems ({@link io.thespis.actor.SystemBase#NETWORK}) and clients of running daemons
 * ({@link ActorSystem#connect}). {@code thespis-convention-member} registers one through
 * {@link ServiceLoader}; applications never implement it.
 */
public interface ActorSystemProvider {

    /** Starts a networked system with {@code settings}. */
    ActorSystem start(SystemSettings settings);

    /** Connects to the running system at {@code hostPort}, over mutual TLS with {@code tls} unless it is null. */
    ActorSystem connect(String hostPort, TlsSettings tls);

    /**
     * The provider on the classpath.
     *
     * @throws ActorSystemException naming the artifact to add when there is none
     */
    static ActorSystemProvider load() {
        return ServiceLoader.load(ActorSystemProvider.class, ActorSystemProvider.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new ActorSystemException("base NETWORK and ActorSystem.connect need the artifact "
                        + "io.thespis:thespis-convention-member on the classpath; add it as a dependency"));
    }
}
