package io.thespis.internal.member.sources;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.InvalidSourceException;
import io.thespis.internal.leader.SourceExpansion;
import io.thespis.internal.leader.SourceService;
import io.thespis.internal.source.SourceJar;
import io.thespis.proto.v1.FetchSourceRequest;
import io.thespis.proto.v1.ListSourcesRequest;
import io.thespis.proto.v1.SourceChunk;
import io.thespis.proto.v1.SourceInfo;
import io.thespis.proto.v1.SourceLoaded;
import io.thespis.proto.v1.SourceStoreGrpc;
import io.thespis.proto.v1.UnloadSourceRequest;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Not API: talking to the Convention Leader's source store, for members, connected clients and the command line.
 * Every failure is an {@link InvalidSourceException} that says what went wrong in the leader's words.
 */
public final class SourceClient {
    /** How long a load (upload and validation), fetch or unload may take. */
    static final Duration DEADLINE = Duration.ofSeconds(90);

    private final Channel channel;
    private final String leader;

    /** A client of the source store of the leader at {@code leader}, reached through {@code channel}. */
    public SourceClient(Channel channel, String leader) {
        this.channel = channel;
        this.leader = leader;
    }

    /** Loads {@code jar} into the Convention; returns its hash once the leader has validated and stored it. */
    public SourceLoaded load(byte[] jar) {
        CompletableFuture<SourceLoaded> loaded = new CompletableFuture<>();
        StreamObserver<SourceChunk> upload = SourceStoreGrpc.newStub(channel)
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .load(new StreamObserver<>() {
                    @Override
                    public void onNext(SourceLoaded reply) {
                        loaded.complete(reply);
                    }

                    @Override
                    public void onError(Throwable error) {
                        loaded.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        loaded.completeExceptionally(new IllegalStateException("the leader answered nothing"));
                    }
                });
        int offset = 0;
        do {
            int length = Math.min(SourceService.CHUNK_BYTES, jar.length - offset);
            SourceChunk.Builder chunk = SourceChunk.newBuilder().setData(ByteString.copyFrom(jar, offset, length));
            if (offset == 0) {
                chunk.setTotalSize(jar.length);
            }
            upload.onNext(chunk.build());
            offset += length;
        } while (offset < jar.length);
        upload.onCompleted();
        try {
            return loaded.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new InvalidSourceException("the Convention Leader at " + leader + " did not answer within "
                    + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidSourceException("interrupted while loading a source through " + leader);
        }
    }

    /** Unloads {@code hash} from the whole Convention. */
    public void unload(String hash) {
        try {
            SourceStoreGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .unload(UnloadSourceRequest.newBuilder().setHash(SourceJar.checkHash(hash)).build());
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /** The loaded sources, as the leader lists them. */
    public List<SourceInfo> list() {
        try {
            return SourceStoreGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .list(ListSourcesRequest.getDefaultInstance()).getSourcesList();
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * The jar of source {@code hash}, fetched in chunks and checked against the hash.
     *
     * @throws InvalidSourceException when it is unknown, larger than {@code maxBytes}, or arrives with another hash
     */
    public byte[] fetch(String hash, long maxBytes) {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try {
            Iterator<SourceChunk> chunks = SourceStoreGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .fetch(FetchSourceRequest.newBuilder().setHash(hash).build());
            while (chunks.hasNext()) {
                SourceChunk chunk = chunks.next();
                if (chunk.getTotalSize() > maxBytes || jar.size() + (long) chunk.getData().size() > maxBytes) {
                    throw new InvalidSourceException("source " + hash + " from the leader at " + leader + " is over "
                            + "this member's limit of " + maxBytes + " bytes (set with --max-source-size)");
                }
                chunk.getData().writeTo(jar);
            }
        } catch (StatusRuntimeException e) {
            throw failure(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        byte[] bytes = jar.toByteArray();
        String arrived = SourceJar.sha256(bytes);
        if (!arrived.equals(hash)) {
            throw new InvalidSourceException("source " + hash + " arrived from the leader at " + leader
                    + " with SHA-256 " + arrived + "; refused as corrupted or tampered with");
        }
        // The leader's heap admitted it; this member's may be smaller.
        SourceExpansion.check(bytes, SourceExpansion.limitForThisHeap());
        return bytes;
    }

    private InvalidSourceException failure(Throwable error) {
        Status status = Status.fromThrowable(error);
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new InvalidSourceException("cannot reach the Convention Leader at "
                    + leader + ": " + status.getCode() + (status.getDescription() == null ? ""
                    : " (" + status.getDescription() + ")"));
            case UNIMPLEMENTED -> new InvalidSourceException(leader + " is not the Convention Leader: it keeps no "
                    + "sources; give the leader's address");
            default -> new InvalidSourceException(status.getDescription() != null ? status.getDescription()
                    : status.getCode() + " from the leader at " + leader);
        };
    }
}
