package io.thespis.hostile;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.proto.v1.CapabilityUpdate;
import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.NameRequest;
import io.thespis.proto.v1.Refusal;
import io.thespis.proto.v1.Register;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one member publishes to the leader is bounded; a member beyond is refused and the others carry on. */
class LeaderBoundsTest {
    private final HostileMembers members = new HostileMembers();

    @AfterEach
    void stop() throws InterruptedException {
        members.stopAll();
    }

    @Test
    void aRegistrationWithTenThousandCapabilitiesIsRefusedWithTheReason() {
        ActorSystem leader = members.start();
        ActorSystem other = members.join(leader);
        await().atMost(HostileMembers.WAIT).until(() -> other.status().members().size() == 2);
        MemberInfo.Builder hostile = MemberInfo.newBuilder().setAddress("127.0.0.1:9").setIncarnation(1)
                .setGeneration(1);
        for (int i = 0; i < 10_000; i++) {
            hostile.putCapabilities("key" + i, text(1000));
        }
        List<LeaderDown> received = new CopyOnWriteArrayList<>();
        join(leader, received).onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION).setMember(hostile)).build());

        Refusal refusal = refusal(received);
        assertEquals(Refusal.Code.PROTOCOL, refusal.getCode());
        assertTrue(refusal.getReason().contains("10000 capabilities; at most 64"), refusal.getReason());
        assertTrue(received.stream().noneMatch(LeaderDown::hasWelcome));
        assertConventionWorks(leader, other);
    }

    @Test
    void aCapabilityUpdateOfNineMebibytesIsRefusedAndTheOthersKeepTheLeader() {
        ActorSystem leader = members.start();
        ActorSystem other = members.join(leader);
        List<LeaderDown> received = new CopyOnWriteArrayList<>();
        StreamObserver<MemberUp> hostile = join(leader, received);
        hostile.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder()
                .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION).setMember(MemberInfo.newBuilder()
                        .setAddress("127.0.0.1:9").setIncarnation(1).setGeneration(1).setVersion(1))).build());
        await().atMost(HostileMembers.WAIT).until(() -> other.status().members().size() == 3);

        hostile.onNext(MemberUp.newBuilder().setCapabilityUpdate(CapabilityUpdate.newBuilder().setGeneration(2)
                .setVersion(2).putCapabilities("blob", text(9 * 1024 * 1024))).build());
        Refusal refusal = refusal(received);
        assertTrue(refusal.getReason().contains("has a value of") && refusal.getReason().contains("at most 4096"),
                refusal.getReason());
        await().atMost(HostileMembers.WAIT).until(() -> other.status().members().size() == 2);
        assertConventionWorks(leader, other);
    }

    /** The member checks the leader's limits itself: a change beyond them fails its caller and leaves it joined. */
    @Test
    void aCapabilityChangeBeyondTheLimitsFailsItsCallerAndTheMemberStaysJoined() {
        ActorSystem leader = members.start();
        ActorSystem other = members.join(leader);
        await().atMost(HostileMembers.WAIT).until(() -> other.status().members().size() == 2);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> other.updateCapability("blob", text(8 * 1024)));
        assertTrue(refused.getMessage().contains("at most 4096"), refused.getMessage());
        assertEquals(null, other.status().capabilities().get("blob"));
        assertConventionWorks(leader, other);
    }

    @Test
    void theNameCallRefusesAnEightMebibyteName() {
        ActorSystem leader = members.start();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> ConventionGrpc
                .newBlockingStub(members.channel(leader)).name(NameRequest.newBuilder()
                        .setKind(NameRequest.Kind.LOOKUP).setName("n".repeat(8 * 1024 * 1024)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.toString());
        assertTrue(refused.getStatus().getDescription().contains("1 to 256 bytes"), refused.toString());
        assertEquals(1, leader.status().members().size());
    }

    /** Both members still see each other, and an ask that crosses between them is answered. */
    private static void assertConventionWorks(ActorSystem leader, ActorSystem other) {
        await().atMost(HostileMembers.WAIT).until(() -> leader.status().members().size() == 2
                && other.status().members().size() == 2);
        ActorAddress echo = other.createActor(HostileMembers.Echo.class.getName(),
                CreateOptions.none().withRequirements(Map.of()));
        assertEquals("across", leader.ask(echo, "across", Duration.ofSeconds(5)));
    }

    private StreamObserver<MemberUp> join(ActorSystem leader, List<LeaderDown> received) {
        return ConventionGrpc.newStub(members.channel(leader)).join(new StreamObserver<>() {
            @Override
            public void onNext(LeaderDown down) {
                received.add(down);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    private static Refusal refusal(List<LeaderDown> received) {
        await().atMost(HostileMembers.WAIT).until(() -> received.stream().anyMatch(LeaderDown::hasRefusal));
        return received.stream().filter(LeaderDown::hasRefusal).findFirst().orElseThrow().getRefusal();
    }

    private static CapabilityValue text(int length) {
        return CapabilityValue.newBuilder().setStringValue("v".repeat(length)).build();
    }
}
