package io.thespis.hostile;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.thespis.actor.ActorSystem;
import io.thespis.proto.v1.DeliverAck;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 rapid reset (CVE-2023-44487): a client that opens streams and resets them at once, as fast as it can,
 * makes the server start work it never finishes. A member closes such a connection (GOAWAY) past 200 resets in
 * 10 s, and keeps serving everyone else.
 */
class RapidResetTest {
    private final HostileMembers members = new HostileMembers();

    @AfterEach
    void stop() throws InterruptedException {
        members.stopAll();
    }

    @Test
    void aConnectionThatResetsStreamsFasterThanTheLimitIsClosedAndTheMemberServesOn() {
        ActorSystem member = members.start();
        ManagedChannel attacker = members.channel(member);
        List<ConnectivityState> states = new CopyOnWriteArrayList<>();
        List<Status> closes = new CopyOnWriteArrayList<>();
        int streams = 1_000;
        for (int i = 0; i < streams; i++) {
            ClientCall<TransportFrame, DeliverAck> call = attacker.newCall(TransportGrpc.getDeliverMethod(), CallOptions.DEFAULT);
            call.start(new ClientCall.Listener<DeliverAck>() {
                @Override
                public void onClose(Status status, Metadata trailers) {
                    closes.add(status);
                }
            }, new Metadata());
            call.sendMessage(TransportFrame.getDefaultInstance());
            if (i == 0) {
                await().atMost(HostileMembers.WAIT).until(() -> attacker.getState(false) == ConnectivityState.READY);
                watch(attacker, ConnectivityState.READY, states);
            }
            call.cancel("reset at once", null);
        }
        await().atMost(HostileMembers.WAIT).until(() -> closes.size() == streams);

        await().atMost(HostileMembers.WAIT).until(() -> !states.isEmpty());
        assertTrue(states.get(0) != ConnectivityState.READY, "the member closed the connection: " + states);
        ActorSystem other = members.join(member);
        await().atMost(HostileMembers.WAIT).until(() -> other.status().members().size() == 2);
    }

    /** Records every state {@code channel} moves to from {@code from} on. */
    private static void watch(ManagedChannel channel, ConnectivityState from, List<ConnectivityState> states) {
        channel.notifyWhenStateChanged(from, () -> {
            ConnectivityState now = channel.getState(false);
            states.add(now);
            watch(channel, now, states);
        });
    }
}
