package io.thespis.hostile;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.member.transport.TransportService;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.proto.v1.ActorAddressProto;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.Envelope;
import io.thespis.proto.v1.EnvelopeBatch;
import io.thespis.proto.v1.Hello;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Envelopes a peer sends are refused when their sender is forged, is their recipient, or they are malformed. */
class EnvelopeBoundsTest {
    private static final Duration QUIET = Duration.ofMillis(700);

    private final HostileMembers members = new HostileMembers();
    private final MessageCodec codec = new MessageCodec(List.of("io.thespis.hostile"),
            EnvelopeBoundsTest.class.getClassLoader());
    private final Logger transportLog = Logger.getLogger(TransportService.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ActorSystem member;
    private ActorAddress counter;

    @BeforeEach
    void start() {
        transportLog.addHandler(handler);
        member = members.start();
        counter = member.createActor(HostileMembers.Counter.class);
    }

    @AfterEach
    void stop() throws InterruptedException {
        transportLog.removeHandler(handler);
        members.stopAll();
    }

    @Test
    void aForgedSenderIsRefusedSoTheMemberDialsNothing() throws IOException {
        try (ServerSocket trap = listening(); ServerSocket claimed = listening()) {
            StreamObserver<TransportFrame> stream = stream(system(claimed));
            ActorAddressProto forged = ActorAddressProto.newBuilder().setSystem(system(trap)).setActorId(7).build();
            for (int i = 0; i < 100; i++) {
                send(stream, i + 1, envelope(WireAddresses.toWire(counter), forged, "ping"));
            }
            trap.setSoTimeout((int) QUIET.toMillis());
            assertNull(acceptOrNull(trap), "the member dialled the forged sender's port");
            assertLegitAskWorks(0);
            assertEquals(1, warnings.size(), "one line per peer and minute: " + warnings);
            assertTrue(warnings.get(0).getMessage().contains("a sender must be an actor of the system that sends")
                    && !warnings.get(0).getMessage().contains("\n") && warnings.get(0).getThrown() == null,
                    warnings.get(0).getMessage());
        }
    }

    @Test
    void anEnvelopeWhoseSenderIsItsRecipientIsRefused() {
        StreamObserver<TransportFrame> stream = stream(counter.system());
        ActorAddressProto itself = WireAddresses.toWire(counter);
        send(stream, 1, envelope(itself, itself, "bounce"));
        send(stream, 2, envelope(itself, itself, "bounce"));
        await().during(QUIET).atMost(HostileMembers.WAIT).until(() -> warnings.size() == 1);
        assertTrue(warnings.get(0).getMessage().contains("whose sender is its recipient"),
                warnings.get(0).getMessage());
        assertLegitAskWorks(0);
    }

    @Test
    void malformedEnvelopesAreRefusedInOneLineAndTheStreamReadsOn() throws IOException {
        try (ServerSocket claimed = listening()) {
            String peer = system(claimed);
            StreamObserver<TransportFrame> stream = stream(peer);
            ActorAddressProto sender = ActorAddressProto.newBuilder().setSystem(peer).setActorId(1).build();
            send(stream, 1, envelope(ActorAddressProto.getDefaultInstance(), sender, "nowhere"));
            send(stream, 2, Envelope.newBuilder().setRecipient(WireAddresses.toWire(counter)).setSender(sender)
                    .setPayloadType("java.lang.Integer").setPayload(ByteString.copyFromUtf8("{{{")).build());
            send(stream, 3, Envelope.newBuilder().setRecipient(WireAddresses.toWire(counter)).setSender(sender)
                    .setPayloadType("java.lang.ProcessBuilder").build());
            await().during(QUIET).atMost(HostileMembers.WAIT).until(() -> warnings.size() == 1);
            assertTrue(warnings.stream().allMatch(record -> record.getThrown() == null
                    && !record.getMessage().contains("\n")), warnings.toString());
            assertLegitAskWorks(0);
        }
    }

    private void assertLegitAskWorks(int hostileMessagesDelivered) {
        assertEquals(1, member.status().members().size());
        assertEquals(hostileMessagesDelivered, member.ask(counter, "count?", Duration.ofSeconds(5)));
        assertEquals("legit", member.ask(counter, "legit", Duration.ofSeconds(5)));
    }

    /** A raw stream to the member, whose hello says it comes from {@code senderSystem}. */
    private StreamObserver<TransportFrame> stream(String senderSystem) {
        AtomicInteger acks = new AtomicInteger();
        StreamObserver<TransportFrame> stream = TransportGrpc.newStub(members.channel(member))
                .deliver(new StreamObserver<>() {
                    @Override
                    public void onNext(DeliverAck ack) {
                        acks.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable error) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        stream.onNext(TransportFrame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(TransportService.PROTOCOL_VERSION).setSenderSystem(senderSystem)
                .setReceiverSystem(counter.system())).build());
        await().atMost(HostileMembers.WAIT).until(() -> acks.get() > 0);
        return stream;
    }

    private static void send(StreamObserver<TransportFrame> stream, long sequence, Envelope envelope) {
        stream.onNext(TransportFrame.newBuilder().setSequence(sequence)
                .setBatch(EnvelopeBatch.newBuilder().addEnvelopes(envelope)).build());
    }

    private Envelope envelope(ActorAddressProto recipient, ActorAddressProto sender, Object message) {
        MessageCodec.Encoded encoded = codec.encode(message);
        return Envelope.newBuilder().setRecipient(recipient).setSender(sender).setPayloadType(encoded.type())
                .setPayload(ByteString.copyFrom(encoded.bytes())).build();
    }

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** The identity of a system that would listen on {@code socket}'s port. */
    private static String system(ServerSocket socket) {
        return "127.0.0.1:" + socket.getLocalPort() + "/1";
    }

    private static Object acceptOrNull(ServerSocket socket) throws IOException {
        try {
            return socket.accept();
        } catch (SocketTimeoutException quiet) {
            return null;
        }
    }
}
