package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.DelegatingSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TLS settings of every Thespis connection, as gRPC's Netty transport takes them: mutual TLS 1.3, trusting
 * the Convention CA only, with key material that follows its files.
 *
 * <p>A server requires a client certificate; a client checks that the server certificate's subject alternative
 * names hold the host it dialed (the target's authority), so a member certificate for 10.0.0.2 is refused when
 * 10.0.0.1 was dialed. Who the verified peer is, and may do, is {@link PeerIdentity}'s.
 *
 * <p>Rotation: when a connection starts, the files are looked at again if the reload interval has passed since
 * they last were, and the connection uses what they then hold; open connections go on as they were. Write a new
 * certificate and key to the same paths (as {@code thespis certs} does, each file replaced whole) and every
 * process takes them up within an interval. A file that does not parse, or a key that is not the certificate's, is
 * not taken up, and is logged once as a WARNING. When new material is taken up, the TLS sessions this end
 * remembers are forgotten, so that a client's next connection makes a full handshake with its new certificate
 * instead of resuming one made with the old.
 *
 * <pre>{@code
 * TlsSettings files = TlsSettings.in(Path.of("/etc/thespis/tls"), "db");
 * NettyServerBuilder.forAddress(address).sslContext(SslContexts.server(files));
 * NettyChannelBuilder.forTarget("10.0.0.1:1900").sslContext(SslContexts.client(files));
 * }</pre>
 */
public final class SslContexts {
    /** How often, at most, the files are looked at again, unless said otherwise. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);
    private static final String TLS_1_3 = "TLSv1.3";
    private static final String HOST_NAME_CHECK = "HTTPS";

    private SslContexts() {
    }

    /** A server's context over {@code files}, looked at again at most every {@link #DEFAULT_RELOAD_INTERVAL}. */
    public static SslContext server(TlsSettings files) {
        return server(files, DEFAULT_RELOAD_INTERVAL, InstantSource.system());
    }

    /**
     * A server's context over {@code files}, looked at again at most every {@code reloadInterval} of {@code clock}.
     *
     * @throws IllegalArgumentException naming a file that is missing, unreadable or unusable
     */
    public static SslContext server(TlsSettings files, Duration reloadInterval, InstantSource clock) {
        return context(true, files, reloadInterval, clock, null);
    }

    /** As {@link #server(TlsSettings, Duration, InstantSource)} with the given TLS implementation; null: gRPC's choice. */
    static SslContext server(TlsSettings files, Duration reloadInterval, InstantSource clock, SslProvider provider) {
        return context(true, files, reloadInterval, clock, provider);
    }

    /** A client's context over {@code files}, looked at again at most every {@link #DEFAULT_RELOAD_INTERVAL}. */
    public static SslContext client(TlsSettings files) {
        return client(files, DEFAULT_RELOAD_INTERVAL, InstantSource.system());
    }

    /**
     * A client's context over {@code files}, looked at again at most every {@code reloadInterval} of {@code clock}.
     *
     * @throws IllegalArgumentException naming a file that is missing, unreadable or unusable
     */
    public static SslContext client(TlsSettings files, Duration reloadInterval, InstantSource clock) {
        return context(false, files, reloadInterval, clock, null);
    }

    /** As {@link #client(TlsSettings, Duration, InstantSource)} with the given TLS implementation; null: gRPC's choice. */
    static SslContext client(TlsSettings files, Duration reloadInterval, InstantSource clock, SslProvider provider) {
        return context(false, files, reloadInterval, clock, provider);
    }

    private static SslContext context(boolean server, TlsSettings files, Duration reloadInterval, InstantSource clock,
                                      SslProvider provider) {
        AtomicReference<SslContext> built = new AtomicReference<>();
        Runnable forgetSessions = () -> forgetSessions(built.get());
        ReloadingKeyManager keys = new ReloadingKeyManager(files, reloadInterval, clock, forgetSessions);
        ReloadingTrustManager trust = new ReloadingTrustManager(files, reloadInterval, clock, forgetSessions);
        SslContextBuilder builder = server
                ? SslContextBuilder.forServer(keys).clientAuth(ClientAuth.REQUIRE)
                : SslContextBuilder.forClient().keyManager(keys).endpointIdentificationAlgorithm(HOST_NAME_CHECK);
        builder.trustManager(trust).protocols(TLS_1_3);
        try {
            built.set((provider == null ? GrpcSslContexts.configure(builder)
                    : GrpcSslContexts.configure(builder, provider)).build());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS over " + files + ": " + e.getMessage(), e);
        }
        // A resumed session consults neither manager, so the files are looked at as each connection starts.
        return new DelegatingSslContext(built.get()) {
            @Override
            protected void initEngine(SSLEngine engine) {
                keys.refresh();
                trust.refresh();
            }
        };
    }

    private static void forgetSessions(SslContext context) {
        if (context == null) {
            return;
        }
        SSLSessionContext sessions = context.sessionContext();
        for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
            SSLSession session = sessions.getSession(ids.nextElement());
            if (session != null) {
                session.invalidate();
            }
        }
    }
}
