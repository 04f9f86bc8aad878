package io.thespis.internal.member.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import io.thespis.proto.v1.StatusReply;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.SystemStatusProto;
import io.thespis.proto.v1.TransportGrpc;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC server on 127.0.0.1 behind mutual TLS, whose {@code Transport.Status} answers, as the admin address,
 * with what the server saw of the connection:
 * {@code <the peer's identity> | <serial of the certificate the server presented>}.
 */
public final class TlsTestServer implements AutoCloseable {
    private static final Context.Key<String> SEEN = Context.key("seen");

    private final Server server;

    private TlsTestServer(Server server) {
        this.server = server;
    }

    /** A server on 127.0.0.1, port 0, over {@code context}. */
    public static TlsTestServer start(SslContext context) {
        TransportGrpc.TransportImplBase service = new TransportGrpc.TransportImplBase() {
            @Override
            public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
                reply.onNext(StatusReply.newBuilder()
                        .setSystem(SystemStatusProto.newBuilder().setAdminAddress(SEEN.get())).build());
                reply.onCompleted();
            }
        };
        ServerInterceptor seeing = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                String served = ((X509Certificate) session.getLocalCertificates()[0]).getSerialNumber().toString(16);
                return Contexts.interceptCall(Context.current().withValue(SEEN, PeerIdentity.of(call) + " | " + served),
                        call, headers, next);
            }
        };
        try {
            return new TlsTestServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .sslContext(context).addService(ServerInterceptors.intercept(service, seeing)).build().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /**
     * Asks for status on a new connection to {@code host}, this server's port, over {@code context}.
     *
     * @return what the server saw
     * @throws io.grpc.StatusRuntimeException when the connection or call fails
     */
    public String status(String host, SslContext context) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(host + ":" + port()).sslContext(context).build();
        try {
            return TransportGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance()).getSystem().getAdminAddress();
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The peer identity part of a {@link #status} answer. */
    public static String peer(String seen) {
        return seen.substring(0, seen.indexOf(" | "));
    }

    /** The served certificate's serial (hex) part of a {@link #status} answer. */
    public static String served(String seen) {
        return seen.substring(seen.indexOf(" | ") + 3);
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
