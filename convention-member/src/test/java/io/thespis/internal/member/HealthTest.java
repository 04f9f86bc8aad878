package io.thespis.internal.member;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorSystem;
import io.thespis.internal.member.transport.GrpcEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standard gRPC health service and server reflection on a member, with the standard client stubs. */
class HealthTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final NetworkSystems systems = new NetworkSystems();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stopAll() {
        channels.forEach(ManagedChannel::shutdownNow);
        systems.stopAll();
    }

    private ActorSystem start(String leader) {
        return systems.start(leader, Map.of());
    }

    private ServingStatus health(ActorSystem system) {
        ManagedChannel channel = GrpcEndpoints.PLAINTEXT.channel(system.status().adminAddress());
        channels.add(channel);
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    @Test
    void aMemberServesOnceJoinedAndNotWhileItsLeaderIsLost() {
        ActorSystem leader = start(null);
        ActorSystem member = start(leader.status().adminAddress());
        await().atMost(WAIT).until(() -> health(member) == ServingStatus.SERVING);
        assertEquals(ServingStatus.SERVING, health(leader));

        leader.shutdown();
        await().atMost(WAIT).until(() -> health(member) == ServingStatus.NOT_SERVING);
    }

    @Test
    void reflectionListsTheServices() {
        ActorSystem leader = start(null);
        ManagedChannel channel = GrpcEndpoints.PLAINTEXT.channel(leader.status().adminAddress());
        channels.add(channel);
        CompletableFuture<Set<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).collect(Collectors.toSet()));
                    }

                    @Override
                    public void onError(Throwable error) {
                        services.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        Set<String> names = services.orTimeout(20, TimeUnit.SECONDS).join();
        requests.onCompleted();
        assertTrue(names.containsAll(Set.of("thespis.v1.Transport", "thespis.v1.Convention", "grpc.health.v1.Health")),
                names.toString());
    }
}
