package io.thespis.benchmarks.remote;

import com.google.protobuf.ByteString;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.proto.v1.ActorAddressProto;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.EnvelopeBatch;
import io.thespis.proto.v1.TransportFrame;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The floor under a remote ask on this machine: a blocking request-reply over one TCP connection on 127.0.0.1
 * between this JVM and a second one, {@code TCP_NODELAY}, one thread per side, each way the bytes that one ask
 * puts on the wire ({@link #ASK_BYTES}: its transport frame with gRPC's and HTTP/2's framing). With key material,
 * the same over TLS 1.3 with mutual authentication (the JDK's TLS, the member certificates of the TLS figures).
 * Nothing an actor system could do on this connection is faster, so the remote ask figures are judged against it.
 *
 * <p>As a main, the other JVM's side: {@code TcpFloor PORT_FILE [TLS_DIR]} listens on an ephemeral port, writes it
 * to {@code PORT_FILE} and echoes fixed-size messages on one connection until it closes.
 */
final class TcpFloor {
    private static final int WARMUP = 50_000;
    private static final int ROUND_TRIPS = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A gRPC message's length prefix and the HTTP/2 DATA frame's header, around each transport frame. */
    private static final int FRAMING_BYTES = 5 + 9;
    /** One ask's bytes each way: a batch of one "ping" between two actors of two members, framed. */
    static final int ASK_BYTES = askFrameBytes() + FRAMING_BYTES;

    private TcpFloor() {
    }

    /** Median and p99 of one round trip, in µs. */
    record Figures(double median, double p99) {
    }

    /** Measures the floor in plaintext, or over TLS 1.3 when {@code tls} is not null. */
    static Figures measure(BenchmarkCertificates tls) throws Exception {
        Path portFile = Files.createTempFile("thespis-bench-floor", ".port");
        List<String> command = new ArrayList<>(List.of(TcpFloor.class.getName(), portFile.toString()));
        if (tls != null) {
            command.add(tls.directory().toString());
        }
        Process echo = Nodes.start(command);
        try {
            Nodes.awaitLine(echo, portFile, "port ", System.nanoTime() + WAIT.toNanos());
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).substring("port ".length()).strip());
            try (Socket socket = connect(port, tls)) {
                return roundTrips(socket);
            }
        } finally {
            Nodes.stop(echo);
            Files.deleteIfExists(portFile);
        }
    }

    private static Socket connect(int port, BenchmarkCertificates tls) throws IOException, GeneralSecurityException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Socket socket = tls == null ? new Socket(loopback, port)
                : context(tls.directory(), BenchmarkCertificates.DRIVER).getSocketFactory().createSocket(loopback, port);
        socket.setTcpNoDelay(true);
        if (socket instanceof SSLSocket secure) {
            secure.setEnabledProtocols(new String[] {"TLSv1.3"});
            secure.startHandshake();
        }
        return socket;
    }

    private static Figures roundTrips(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] request = new byte[ASK_BYTES];
        byte[] reply = new byte[ASK_BYTES];
        Arrays.fill(request, (byte) 'p');
        for (int i = 0; i < WARMUP; i++) {
            roundTrip(out, in, request, reply);
        }
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            roundTrip(out, in, request, reply);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new Figures(nanos[ROUND_TRIPS / 2] / 1e3, nanos[(int) (ROUND_TRIPS * 0.99)] / 1e3);
    }

    private static void roundTrip(OutputStream out, InputStream in, byte[] request, byte[] reply) throws IOException {
        out.write(request);
        out.flush();
        if (in.readNBytes(reply, 0, reply.length) != reply.length) {
            throw new IOException("the echo closed the connection");
        }
    }

    /** The echoing side, in the other JVM; see the class comment. */
    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = args.length > 1
                ? context(Path.of(args[1]), BenchmarkCertificates.NODE).getServerSocketFactory()
                .createServerSocket(0, 1, loopback)
                : new ServerSocket(0, 1, loopback)) {
            if (server instanceof SSLServerSocket secure) {
                secure.setNeedClientAuth(true);
                secure.setEnabledProtocols(new String[] {"TLSv1.3"});
            }
            Files.writeString(Path.of(args[0]), "port " + server.getLocalPort() + "\n", StandardOpenOption.APPEND);
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] message = new byte[ASK_BYTES];
                while (in.readNBytes(message, 0, message.length) == message.length) {
                    out.write(message);
                    out.flush();
                }
            }
        }
    }

    /** The JDK's TLS with {@code name}'s key and chain, trusting only the benchmark CA. */
    private static SSLContext context(Path directory, String name) throws IOException, GeneralSecurityException {
        char[] password = BenchmarkCertificates.STORE_PASSWORD.toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStore.getInstance(BenchmarkCertificates.keyStore(directory, name).toFile(), password), password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(KeyStore.getInstance(BenchmarkCertificates.trustStore(directory).toFile(), password));
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** The serialized size of one ask's transport frame, as a member encodes it. */
    private static int askFrameBytes() {
        MessageCodec.Encoded ping = new MessageCodec(List.of(), TcpFloor.class.getClassLoader()).encode("ping");
        String member = "127.0.0.1:40000/" + Long.toString(System.currentTimeMillis() * 1000, 36);
        Envelope envelope = Envelope.newBuilder()
                .setRecipient(ActorAddressProto.newBuilder().setSystem(member).setActorId(Long.MIN_VALUE + 1))
                .setSender(ActorAddressProto.newBuilder().setSystem(member).setActorId(Long.MAX_VALUE))
                .setPayloadType(ping.type()).setPayload(ByteString.copyFrom(ping.bytes())).build();
        return TransportFrame.newBuilder().setBatch(EnvelopeBatch.newBuilder().addEnvelopes(envelope))
                .setSequence(1_000_000).build().getSerializedSize();
    }
}
