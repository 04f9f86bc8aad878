package io.thespis.internal.member.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.member.security.SslContexts;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds every gRPC channel and server of one process, so that transport security, frame limits, keepalives and
 * connection deadlines are set in one place: mutual TLS 1.3 with the Convention CA ({@link #mutualTls}), or
 * plaintext ({@link #PLAINTEXT}), which only the {@link TransportPolicy} decides may be used.
 *
 * <p>Servers bound what one connection may hold: calls at once, idle time, the handshake, and HTTP/2 stream
 * resets (a connection beyond {@link #MAX_RESETS_PER_WINDOW} is closed with {@code GOAWAY}).
 *
 * <p>Keepalives: gRPC pings an idle connection every {@link #KEEPALIVE_TIME} and closes it when a ping is not
 * answered within {@link #KEEPALIVE_TIMEOUT}; servers permit pings that often. That clears connections a peer
 * silently abandoned. Faster failure detection (the member timeout, 2.5 s by default) is the Convention's own
 * heartbeats', because gRPC does not ping more often than every 10 s.
 */
public final class GrpcEndpoints {
    /**
     * gRPC's server handler logs each stream and connection a peer abandons as a WARNING with a stack trace. Here a
     * peer that dies or cuts a link is an event the links report in one line; 2.5 KB of stack trace per stream, in
     * every survivor at the moment it must react, cost it tens of milliseconds (measured by the fault suite). Held
     * in a field: {@code java.util.logging} keeps its loggers weakly, and would forget the level.
     */
    private static final Logger GRPC_SERVER_HANDLER = quieted("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    /** The largest frame accepted from the network. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Unauthenticated plaintext: for loopback, or networks secured by other means. */
    public static final GrpcEndpoints PLAINTEXT = new GrpcEndpoints(null, null, null);
    /** How long a connection attempt may take before it is abandoned (and retried by whoever wanted it). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a connection may be idle before gRPC pings it. */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
    /** How long a keepalive ping may go unanswered before the connection is closed. */
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(3);
    /** How long a TLS handshake may take, and a new connection may wait for its first call, before it is cut. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** How many calls one connection may have open at once (a member's streams and unary calls are a few). */
    static final int MAX_CALLS_PER_CONNECTION = 1_000;
    /** How long a connection without any call is kept before it is closed. */
    static final Duration MAX_CONNECTION_IDLE = Duration.ofMinutes(5);
    /** HTTP/2 stream resets one connection may send per {@link #RESET_WINDOW} (the "rapid reset" attack). */
    static final int MAX_RESETS_PER_WINDOW = 200;
    static final int RESET_WINDOW_SECONDS = 10;

    private final TlsSettings tls;
    private final SslContext client;
    private final SslContext server;

    private GrpcEndpoints(TlsSettings tls, SslContext client, SslContext server) {
        this.tls = tls;
        this.client = client;
        this.server = server;
    }

    /**
     * Mutual TLS with {@code files}, which are looked at again as {@link SslContexts} says (rotation without a
     * restart).
     *
     * @throws IllegalArgumentException naming a file that is missing, unreadable or unusable
     */
    public static GrpcEndpoints mutualTls(TlsSettings files) {
        files.check();
        return new GrpcEndpoints(files, SslContexts.client(files), SslContexts.server(files));
    }

    private static Logger quieted(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Whether connections are authenticated (mutual TLS). */
    public boolean authenticated() {
        return tls != null;
    }

    /** The files of mutual TLS, or {@code null} for plaintext. */
    public TlsSettings tls() {
        return tls;
    }

    /** A channel to {@code target} ({@code host:port}); with TLS, the peer's certificate must name that host. */
    public ManagedChannel channel(String target) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
                .maxInboundMessageSize(MAX_FRAME_BYTES)
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveWithoutCalls(true)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
        return (client == null ? builder.usePlaintext() : builder.sslContext(client)).build();
    }

    /** A server builder listening on {@code address}; the caller adds its services and executors. */
    public NettyServerBuilder server(InetSocketAddress address) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(MAX_FRAME_BYTES)
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .handshakeTimeout(HANDSHAKE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .maxConnectionIdle(MAX_CONNECTION_IDLE.toNanos(), TimeUnit.NANOSECONDS)
                .maxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS);
        return server == null ? builder : builder.sslContext(server);
    }
}
