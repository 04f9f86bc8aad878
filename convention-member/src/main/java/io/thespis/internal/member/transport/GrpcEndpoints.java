package io.thespis.internal.member.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds every gRPC channel and server of Thespis, so that transport security, frame limits, keepalives and
 * connection deadlines are set in one place.
 *
 * <p>Keepalives: gRPC pings an idle connection every {@link #KEEPALIVE_TIME} and closes it when a ping is not
 * answered within {@link #KEEPALIVE_TIMEOUT}; servers permit pings that often. That clears connections a peer
 * silently abandoned. Faster failure detection (the member timeout, 2.5 s by default) is the Convention's own
 * heartbeats', because gRPC does not ping more often than every 10 s.
 */
public final class GrpcEndpoints {
    /** The largest frame accepted from the network. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** How long a connection attempt may take before it is abandoned (and retried by whoever wanted it). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a connection may be idle before gRPC pings it. */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
    /** How long a keepalive ping may go unanswered before the connection is closed. */
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(3);

    private GrpcEndpoints() {
    }

    /** A channel to {@code target} ({@code host:port}). */
    public static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(MAX_FRAME_BYTES)
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveWithoutCalls(true)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .build();
    }

    /** A server builder listening on {@code address}; the caller adds its services and executors. */
    public static NettyServerBuilder server(InetSocketAddress address) {
        return NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(MAX_FRAME_BYTES)
                .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
    }
}
