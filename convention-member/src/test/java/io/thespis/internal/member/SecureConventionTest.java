package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.RequireCapability;
import io.thespis.actor.SystemStatus;
import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.member.client.ConnectedActorSystem;
import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.Role;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Register;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Convention with mutual TLS on every hop, on 127.0.0.1: members join and place actors, an operator runs it, an
 * observer only looks, and nobody without the right certificate gets in or speaks for another member.
 */
class SecureConventionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration YEAR = ConventionCa.DEFAULT_VALIDITY;

    @TempDir
    Path dir;
    private final NetworkSystems systems = new NetworkSystems();
    private ConventionCa ca;
    private TlsSettings memberFiles;
    private ActorSystem leader;
    private ActorSystem db;

    @RequireCapability("Has DB access")
    static class DbActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof String text) {
                send(sender, "stored " + text);
            }
        }
    }

    @BeforeEach
    void startConvention() {
        ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        memberFiles = ca.issue(Role.MEMBER, "loopback", List.of("127.0.0.1"), YEAR).writeTo(dir.resolve("members"));
        ca.issue(Role.OPERATOR, "alice", List.of(), YEAR).writeTo(dir.resolve("alice"));
        ca.issue(Role.OBSERVER, "olga", List.of(), YEAR).writeTo(dir.resolve("olga"));
        leader = systems.start(null, builder -> builder.tls(memberFiles).metricsPort(0));
        db = systems.start(leader.status().adminAddress(), builder -> builder.tls(memberFiles)
                .capability("Has DB access", true));
        await().atMost(WAIT).until(() -> leader.status().members().size() == 2);
    }

    @AfterEach
    void stop() {
        systems.stopAll();
    }

    @Test
    void membersPlaceAndTalkOverTlsAndAnOperatorRunsTheConvention() {
        ActorAddress onDb = leader.createActor(DbActor.class);
        assertTrue(onDb.system().startsWith(db.status().adminAddress() + "/"), onDb.toString());
        assertEquals("stored x", leader.ask(onDb, "x", WAIT));
        try (ActorSystem alice = ActorSystem.connect(leader.status().adminAddress(), dir.resolve("alice"), "alice")) {
            ActorAddress created = alice.createActor(DbActor.class.getName(), CreateOptions.none());
            assertEquals("stored y", alice.ask(created, "y", WAIT));
            alice.updateCapability("zone", "eu-west");
            assertEquals(2, alice.status().members().size());
        }
        assertEquals("eu-west", leader.status().capabilities().get("zone"));
    }

    @Test
    void anObserverReadsStatusButCannotAttachAsAClient() {
        String address = leader.status().adminAddress();
        SystemStatus status = ConnectedActorSystem.readStatus(address,
                GrpcEndpoints.mutualTls(TlsSettings.in(dir.resolve("olga"), "olga")));
        assertEquals(2, status.members().size());
        ActorSystemException refused = assertThrows(ActorSystemException.class,
                () -> ActorSystem.connect(address, dir.resolve("olga"), "olga"));
        assertTrue(refused.getMessage().contains("PERMISSION_DENIED")
                && refused.getMessage().contains("observer olga"), refused.getMessage());
    }

    @Test
    void plaintextAndStrangersAreRefusedAtTheHandshake() {
        String address = leader.status().adminAddress();
        assertThrows(ActorSystemException.class,
                () -> ConnectedActorSystem.readStatus(address, GrpcEndpoints.PLAINTEXT));
        TlsSettings stranger = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system())
                .issue(Role.OPERATOR, "mallory", List.of(), YEAR).writeTo(dir.resolve("mallory"));
        assertThrows(ActorSystemException.class,
                () -> ConnectedActorSystem.readStatus(address, GrpcEndpoints.mutualTls(stranger)));
        assertEquals(2, leader.status().members().size());
    }

    @Test
    void aMemberCertificateCannotJoinUnderAnotherHostsAddressNorAttachAsAClientAndRefusalsAreCounted()
            throws Exception {
        String address = leader.status().adminAddress();
        TlsSettings elsewhere = ca.issue(Role.MEMBER, "other", List.of("127.0.0.2"), YEAR)
                .writeTo(dir.resolve("other"));
        ManagedChannel channel = GrpcEndpoints.mutualTls(elsewhere).channel(address);
        try {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            StreamObserver<MemberUp> join = ConventionGrpc.newStub(channel).join(new StreamObserver<LeaderDown>() {
                @Override
                public void onNext(LeaderDown down) {
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
            // It claims the db member's address with a newer incarnation: were it believed, the real one is evicted.
            String victim = db.status().adminAddress();
            join.onNext(MemberUp.newBuilder().setRegister(Register.newBuilder().setProtocolVersion(3)
                    .setMember(MemberInfo.newBuilder().setAddress(victim)
                            .setIncarnation(System.currentTimeMillis() + 1).setVersion(1))).build());
            Throwable error = ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Status.Code.PERMISSION_DENIED, Status.fromThrowable(error).getCode(), String.valueOf(error));
            assertTrue(error.getMessage().contains("'" + victim + "'"), error.getMessage());
        } finally {
            channel.shutdownNow();
        }
        assertEquals(2, leader.status().members().size());
        ActorAddress onDb = leader.createActor(DbActor.class);
        assertEquals("stored z", leader.ask(onDb, "z", WAIT));
        ActorSystemException refused = assertThrows(ActorSystemException.class,
                () -> ActorSystem.connect(address, dir.resolve("members"), "loopback"));
        assertTrue(refused.getMessage().contains("PERMISSION_DENIED"), refused.getMessage());
        assertEquals(2.0, MetricsTest.scrape(leader).get("thespis_refusals_total{unauthorized}"));
    }

    @Test
    void withoutTlsAMemberRefusesToStartBeyondLoopbackUnlessTold() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ActorSystem.builder()
                .base(io.thespis.actor.SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .conventionLeader("192.0.2.1:1900").start());
        assertTrue(refused.getMessage().contains("192.0.2.1") && refused.getMessage().contains("--insecure-plaintext"),
                refused.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> ActorSystem.builder()
                .base(io.thespis.actor.SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1").tls(memberFiles)
                .insecurePlaintext().start());
        assertTrue(both.getMessage().contains("give one"), both.getMessage());
    }
}
