package io.thespis.internal.leader;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.InvalidSourceException;
import io.thespis.internal.source.LoadedSource;
import io.thespis.proto.v1.SourceChunk;
import io.thespis.proto.v1.SourceLoaded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader's bounds on uploads: unfinished ones per peer and in all, their idle timeout, and source expansion. */
class SourceServiceBoundsTest {
    private static final long MAX_SOURCE_BYTES = 64L * 1024 * 1024;

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger admitted = new AtomicInteger();

    @TempDir
    Path directory;

    @Test
    void aPeerHoldsAtMostTwoUnfinishedUploadsAndTheConventionEight() {
        SourceService service = service(1024 * 1024);
        for (int i = 0; i < UploadSlots.PER_PEER; i++) {
            assertNull(stalledUpload(service, "10.0.0.1").error);
        }
        Reply third = stalledUpload(service, "10.0.0.1");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.code());
        assertTrue(third.description().contains("2 uploads from 10.0.0.1"), third.description());
        for (int peer = 2; peer <= UploadSlots.TOTAL / UploadSlots.PER_PEER; peer++) {
            for (int i = 0; i < UploadSlots.PER_PEER; i++) {
                assertNull(stalledUpload(service, "10.0.0." + peer).error);
            }
        }
        Reply ninth = stalledUpload(service, "10.0.0.99");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, ninth.code());
        assertTrue(ninth.description().contains("8 in all"), ninth.description());
    }

    @Test
    void anUploadSilentForTheIdleTimeoutIsDroppedSoOthersLoad() {
        SourceService service = service(1024 * 1024);
        Reply first = stalledUpload(service, "10.0.0.1");
        Reply second = stalledUpload(service, "10.0.0.1");
        now.addAndGet(UploadSlots.IDLE_TIMEOUT.toNanos() + 1);
        Reply third = stalledUpload(service, "10.0.0.1");
        assertNull(third.error, "a slot was freed by dropping the idle uploads");
        assertEquals(Status.Code.DEADLINE_EXCEEDED, first.code());
        assertEquals(Status.Code.DEADLINE_EXCEEDED, second.code());
        assertTrue(first.description().contains("sent no bytes"), first.description());
    }

    @Test
    void anUploadThatSendsBytesKeepsItsSlot() {
        SourceService service = service(1024 * 1024);
        Reply reply = new Reply();
        StreamObserver<SourceChunk> upload = upload(service, "10.0.0.1", reply);
        upload.onNext(SourceChunk.newBuilder().setTotalSize(3).setData(ByteString.copyFromUtf8("a")).build());
        now.addAndGet(UploadSlots.IDLE_TIMEOUT.toNanos() / 2);
        upload.onNext(SourceChunk.newBuilder().setData(ByteString.copyFromUtf8("b")).build());
        now.addAndGet(UploadSlots.IDLE_TIMEOUT.toNanos() / 2 + 1);
        stalledUpload(service, "10.0.0.2");
        assertNull(reply.error);
    }

    @Test
    void aSourceThatExpandsBeyondTheBoundIsRefusedBeforeItIsAdmitted() throws IOException {
        SourceService service = service(1024 * 1024);
        InvalidSourceException refused = assertThrows(InvalidSourceException.class,
                () -> service.load(jarOfZeros(2 * 1024 * 1024)));
        assertTrue(refused.getMessage().contains("expands beyond 1 MiB"), refused.getMessage());
        assertEquals(0, admitted.get(), "never admitted, so never expanded in memory");
        assertThrows(InvalidSourceException.class, () -> service.load(jarOfZeros(512 * 1024)), "the stub refuses");
        assertEquals(1, admitted.get(), "a source within the bound is admitted");
    }

    @Test
    void theBoundIsAQuarterOfTheHeapAtMost() {
        assertEquals(Math.min(SourceExpansion.MAX_EXPANDED_BYTES, Runtime.getRuntime().maxMemory() / 4),
                SourceExpansion.limitForThisHeap());
    }

    private SourceService service(long maxExpandedBytes) {
        return new SourceService(new SourceStore(directory), () -> new CountingAdmission(admitted), null,
                () -> "127.0.0.1:1", MAX_SOURCE_BYTES, maxExpandedBytes,
                new UploadSlots(now::get, UploadSlots.IDLE_TIMEOUT));
    }

    /** An upload that declares 64 MiB, sends one byte and stops. */
    private Reply stalledUpload(SourceService service, String peer) {
        Reply reply = new Reply();
        upload(service, peer, reply).onNext(SourceChunk.newBuilder().setTotalSize(MAX_SOURCE_BYTES)
                .setData(ByteString.copyFromUtf8("x")).build());
        return reply;
    }

    private static StreamObserver<SourceChunk> upload(SourceService service, String peer, Reply reply) {
        Context fromPeer = Context.current().withValue(SourceService.PEER, peer);
        Context previous = fromPeer.attach();
        try {
            return service.load(reply);
        } finally {
            fromPeer.detach(previous);
        }
    }

    private static byte[] jarOfZeros(int bytes) throws IOException {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar)) {
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            zip.write(new byte[bytes]);
            zip.closeEntry();
        }
        return jar.toByteArray();
    }

    private static final class Reply implements StreamObserver<SourceLoaded> {
        private volatile Throwable error;

        Status.Code code() {
            return Status.fromThrowable(error).getCode();
        }

        String description() {
            return Status.fromThrowable(error).getDescription();
        }

        @Override
        public void onNext(SourceLoaded value) {
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }
    }

    private record CountingAdmission(AtomicInteger admitted) implements SourceService.Admission {
        @Override
        public LoadedSource admit(byte[] jar) {
            admitted.incrementAndGet();
            throw new InvalidSourceException("the stub admits nothing");
        }

        @Override
        public boolean forget(String hash) {
            return false;
        }

        @Override
        public List<LoadedSource> loaded() {
            return List.of();
        }
    }
}
