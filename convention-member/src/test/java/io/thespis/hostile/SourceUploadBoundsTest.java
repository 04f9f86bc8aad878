package io.thespis.hostile;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.InvalidSourceException;
import io.thespis.internal.leader.SourceExpansion;
import io.thespis.proto.v1.SourceChunk;
import io.thespis.proto.v1.SourceLoaded;
import io.thespis.proto.v1.SourceStoreGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads to the leader's source store cannot exhaust its memory nor block other loads. */
class SourceUploadBoundsTest {
    private static final int MIB = 1024 * 1024;

    private final HostileMembers members = new HostileMembers();

    @TempDir
    Path directory;

    @AfterEach
    void stop() throws InterruptedException {
        members.stopAll();
    }

    @Test
    void unfinishedUploadsAreBoundedPerAddressAndFreeTheirSlotWhenDropped() {
        ActorSystem leader = members.start();
        SourceStoreGrpc.SourceStoreStub store = SourceStoreGrpc.newStub(members.channel(leader));
        Upload first = Upload.declaring(store, 64 * MIB);
        Upload second = Upload.declaring(store, 64 * MIB);
        assertStillOpen(first, second);
        Status third = Upload.declaring(store, 64 * MIB).status();
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.getCode(), third.toString());
        assertTrue(third.getDescription().contains("2 uploads from 127.0.0.1"), third.getDescription());
        assertEquals(1, leader.status().members().size(), "the leader answers meanwhile");

        first.requests.onError(new IllegalStateException("the attacker gives up"));
        second.requests.onError(new IllegalStateException("the attacker gives up"));
        Awaitility.await().atMost(HostileMembers.WAIT).until(() -> {
            Upload next = Upload.declaring(store, 3);
            next.requests.onNext(SourceChunk.newBuilder().setData(ByteString.copyFromUtf8("jar")).build());
            next.requests.onCompleted();
            return next.status().getCode() != Status.Code.RESOURCE_EXHAUSTED;
        });
    }

    @Test
    void aSourceThatExpandsBeyondAQuarterOfTheHeapIsRefusedAndTheLeaderStaysWell() throws IOException {
        ActorSystem leader = members.start();
        long limit = SourceExpansion.limitForThisHeap();
        Path bomb = jarOfZeros(limit + 16 * MIB);
        long before = HostileMembers.heapUsedAfterGc();
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> leader.loadActorSource(bomb));
        assertTrue(refused.getMessage().contains("expands beyond " + limit / MIB + " MiB"), refused.getMessage());
        long held = HostileMembers.heapUsedAfterGc() - before;
        assertTrue(held < 32L * MIB, "the leader holds " + held / MIB + " MiB more");
        assertTrue(leader.status().loadedSources().isEmpty());
        ActorSystem member = members.join(leader);
        Awaitility.await().atMost(HostileMembers.WAIT)
                .until(() -> member.status().members().size() == 2);
    }

    private Path jarOfZeros(long bytes) throws IOException {
        Path jar = directory.resolve("zeros.jar");
        byte[] zeros = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            for (long written = 0; written < bytes; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return jar;
    }

    private static void assertStillOpen(Upload... uploads) {
        // An upload that is refused ends at once; one that holds a slot stays open.
        for (Upload upload : uploads) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, upload.status(Duration.ofMillis(300)).getCode(),
                    "still open");
        }
    }

    /** A raw upload that declares a size and sends nothing yet. */
    private record Upload(StreamObserver<SourceChunk> requests, CompletableFuture<Throwable> ended) {
        static Upload declaring(SourceStoreGrpc.SourceStoreStub store, long size) {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            StreamObserver<SourceChunk> requests = store.load(new StreamObserver<SourceLoaded>() {
                @Override
                public void onNext(SourceLoaded loaded) {
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
            requests.onNext(SourceChunk.newBuilder().setTotalSize(size).build());
            return new Upload(requests, ended);
        }

        Status status() {
            return status(HostileMembers.WAIT);
        }

        /** How the upload ended, or DEADLINE_EXCEEDED when it is still open after {@code wait}. */
        Status status(Duration wait) {
            try {
                return Status.fromThrowable(ended.get(wait.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException open) {
                return Status.DEADLINE_EXCEEDED;
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
