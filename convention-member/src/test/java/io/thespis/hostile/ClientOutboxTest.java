package io.thespis.hostile;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.member.client.ClientSessions;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.proto.v1.ClientDown;
import io.thespis.proto.v1.ClientHello;
import io.thespis.proto.v1.ClientSend;
import io.thespis.proto.v1.ClientUp;
import io.thespis.proto.v1.TransportGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that never reads what it is sent cannot fill its member's memory. */
class ClientOutboxTest {
    private static final int MIB = 1024 * 1024;
    private static final int FLOOD_MIB = 96;

    private final HostileMembers members = new HostileMembers();

    @AfterEach
    void stop() throws InterruptedException {
        members.stopAll();
    }

    /** Sends whoever sends it {@code n} that many messages of one MiB. */
    public static final class Flood extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Integer mebibytes) {
                for (int i = 0; i < mebibytes; i++) {
                    send(sender, new byte[MIB]);
                }
                send(sender, "done");
            }
        }
    }

    @Test
    void aClientThatDoesNotReadIsEndedWithTheReasonAndItsOutboxIsFreed() {
        ActorSystem member = members.start();
        ActorAddress flood = member.createActor(Flood.class);
        long before = HostileMembers.heapUsedAfterGc();

        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        ClientCallStreamObserver<ClientUp>[] requests = attachWithoutReading(member, ended);
        MessageCodec.Encoded size = new MessageCodec(List.of("io.thespis.hostile"), getClass().getClassLoader())
                .encode(FLOOD_MIB);
        requests[0].onNext(ClientUp.newBuilder().setHello(ClientHello.newBuilder()
                .setProtocolVersion(ClientSessions.PROTOCOL_VERSION)).build());
        requests[0].onNext(ClientUp.newBuilder().setSend(ClientSend.newBuilder().setTarget(WireAddresses.toWire(flood))
                .setPayloadType(size.type()).setPayload(ByteString.copyFrom(size.bytes()))).build());

        // Whatever the flood still sends goes nowhere: the member holds no more than the bound meanwhile.
        ActorAddress echo = member.createActor(HostileMembers.Echo.class);
        await().atMost(HostileMembers.WAIT).until(() -> "done".equals(member.ask(flood, 0, Duration.ofSeconds(5))));
        long held = HostileMembers.heapUsedAfterGc() - before;
        assertTrue(held < 3L * ClientSessions.OUTBOX_BYTES_LIMIT, "the member holds " + held / MIB + " MiB more");

        requests[0].request(Integer.MAX_VALUE);
        Status status = Status.fromThrowable(ended.orTimeout(20, TimeUnit.SECONDS).join());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
        assertTrue(status.getDescription().contains("the client did not read") && status.getDescription()
                .contains("16 MiB"), status.getDescription());

        assertEquals("still here", member.ask(echo, "still here", Duration.ofSeconds(5)));
        try (ActorSystem client = ActorSystem.connect(member.status().adminAddress())) {
            assertEquals("a reading client", client.ask(echo, "a reading client", Duration.ofSeconds(5)));
        }
    }

    @SuppressWarnings("unchecked")
    private ClientCallStreamObserver<ClientUp>[] attachWithoutReading(ActorSystem member,
                                                                      CompletableFuture<Throwable> ended) {
        ClientCallStreamObserver<ClientUp>[] requests = new ClientCallStreamObserver[1];
        TransportGrpc.newStub(members.channel(member)).attach(new ClientResponseObserver<ClientUp, ClientDown>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ClientUp> stream) {
                requests[0] = stream;
                stream.disableAutoRequestWithInitial(0);
            }

            @Override
            public void onNext(ClientDown down) {
            }

            @Override
            public void onError(Throwable error) {
                ended.complete(error);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
        return requests;
    }
}
