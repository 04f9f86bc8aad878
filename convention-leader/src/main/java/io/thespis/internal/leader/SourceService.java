package io.thespis.internal.leader;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thespis.actor.InvalidSourceException;
import io.thespis.internal.source.LoadedSource;
import io.thespis.internal.source.SourceJar;
import io.thespis.proto.v1.FetchSourceRequest;
import io.thespis.proto.v1.ListSourcesRequest;
import io.thespis.proto.v1.SourceChunk;
import io.thespis.proto.v1.SourceInfo;
import io.thespis.proto.v1.SourceList;
import io.thespis.proto.v1.SourceLoaded;
import io.thespis.proto.v1.SourceStoreGrpc;
import io.thespis.proto.v1.UnloadSourceReply;
import io.thespis.proto.v1.UnloadSourceRequest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The leader's source store as a service: loads (uploaded in chunks, validated by the leader's system, kept on
 * disk), fetches by members (streamed in chunks as the member's stream takes them), unloads (broadcast to every
 * member) and the list for the operator. Uploads are bounded: each by the size limit, and at most
 * {@link #CONCURRENT_UPLOADS} at once, so a flood of uploads cannot exhaust the leader's memory.
 */
public final class SourceService extends SourceStoreGrpc.SourceStoreImplBase {
    /** The size of the chunks a jar travels in. */
    public static final int CHUNK_BYTES = 1024 * 1024;
    static final int CONCURRENT_UPLOADS = 2;

    private static final System.Logger LOG = System.getLogger(SourceService.class.getName());

    /** The leader's own system, which validates sources and creates actors from them. */
    public interface Admission {
        /**
         * Validates and admits {@code jar}.
         *
         * @throws InvalidSourceException saying why it was refused
         */
        LoadedSource admit(byte[] jar);

        /** Makes {@code hash} unusable; whether the system held it. */
        boolean forget(String hash);

        /** The sources the system holds. */
        List<LoadedSource> loaded();
    }

    private final SourceStore store;
    private final Supplier<Admission> admission;
    private final ConventionLeader leader;
    private final Supplier<String> leaderAddress;
    private final long maxSourceBytes;
    private final Semaphore uploads = new Semaphore(CONCURRENT_UPLOADS);

    /**
     * A service keeping jars in {@code store}, admitting them through {@code admission} (read when the first
     * request comes, so it may be built after the server), telling members through {@code leader}.
     */
    public SourceService(SourceStore store, Supplier<Admission> admission, ConventionLeader leader,
                         Supplier<String> leaderAddress, long maxSourceBytes) {
        this.store = store;
        this.admission = admission;
        this.leader = leader;
        this.leaderAddress = leaderAddress;
        this.maxSourceBytes = maxSourceBytes;
    }

    /**
     * Admits again the jars an earlier run of this leader stored; one that is no longer valid (for instance
     * because its authority was an actor that is not there yet) is deleted and must be loaded again.
     */
    public void restore() {
        for (String hash : store.hashes()) {
            try {
                admission.get().admit(store.read(hash));
            } catch (InvalidSourceException | IOException e) {
                LOG.log(Level.WARNING, "dropped stored source " + hash + " from an earlier run; load it again: "
                        + e.getMessage());
                store.remove(hash);
            }
        }
    }

    /**
     * Loads {@code jar} into the Convention: validated by the leader's system, then kept for members to fetch.
     *
     * @throws InvalidSourceException saying why it was refused
     */
    public LoadedSource load(byte[] jar) {
        LoadedSource loaded = admission.get().admit(jar);
        if (!store.contains(loaded.hash())) {
            store.put(loaded.hash(), jar);
        }
        return loaded;
    }

    /**
     * Unloads {@code hash} everywhere: from the store, the leader's system and every member.
     *
     * @throws InvalidSourceException when it is not loaded
     */
    public void unload(String hash) {
        SourceJar.checkHash(hash);
        boolean stored = store.remove(hash);
        boolean held = admission.get().forget(hash);
        if (!stored && !held) {
            throw new InvalidSourceException("unknown source " + hash + ": it is not loaded in the Convention led by "
                    + leaderAddress.get());
        }
        leader.sourceUnloaded(hash);
        LOG.log(Level.INFO, "source " + hash + " unloaded from the Convention");
    }

    /** The loaded sources, each with the members that hold a copy. */
    public List<SourceInfo> list() {
        Map<String, List<String>> holders = leader.sourceHolders();
        return admission.get().loaded().stream().map(source -> SourceInfo.newBuilder()
                .setHash(source.hash()).setSize(source.size()).setValidatedBy(source.validatedBy())
                .setLoadedAtMs(source.loadedAt().toEpochMilli())
                .addHolders(leaderAddress.get())
                .addAllHolders(holders.getOrDefault(source.hash(), List.of()).stream()
                        .filter(member -> !member.equals(leaderAddress.get())).toList())
                .build()).toList();
    }

    @Override
    public StreamObserver<SourceChunk> load(StreamObserver<SourceLoaded> reply) {
        return new Upload(reply);
    }

    @Override
    public void fetch(FetchSourceRequest request, StreamObserver<SourceChunk> responses) {
        String hash = request.getHash();
        InputStream in;
        long size;
        try {
            SourceJar.checkHash(hash);
            if (!store.contains(hash)) {
                throw new InvalidSourceException("unknown source " + hash + ": it is not loaded in the Convention led "
                        + "by " + leaderAddress.get() + " (never loaded, or unloaded)");
            }
            size = store.size(hash);
            in = store.open(hash);
        } catch (InvalidSourceException | IOException e) {
            responses.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        new Download((ServerCallStreamObserver<SourceChunk>) responses, in, size).start();
    }

    @Override
    public void unload(UnloadSourceRequest request, StreamObserver<UnloadSourceReply> reply) {
        try {
            unload(request.getHash());
            reply.onNext(UnloadSourceReply.getDefaultInstance());
            reply.onCompleted();
        } catch (InvalidSourceException e) {
            reply.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void list(ListSourcesRequest request, StreamObserver<SourceList> reply) {
        reply.onNext(SourceList.newBuilder().addAllSources(list()).build());
        reply.onCompleted();
    }

    /** One upload: chunks gathered up to the declared size, which must be within the limit. */
    private final class Upload implements StreamObserver<SourceChunk> {
        private final StreamObserver<SourceLoaded> reply;
        private byte[] buffer;
        private int filled;
        private long declared;
        private boolean holdsPermit;
        private boolean failed;

        Upload(StreamObserver<SourceLoaded> reply) {
            this.reply = reply;
        }

        @Override
        public void onNext(SourceChunk chunk) {
            if (failed) {
                return;
            }
            if (buffer == null) {
                declared = chunk.getTotalSize();
                if (declared < 1 || declared > maxSourceBytes) {
                    fail(Status.RESOURCE_EXHAUSTED, "the source is " + declared + " bytes; the limit is "
                            + maxSourceBytes + " bytes (set with --max-source-size)");
                    return;
                }
                if (!uploads.tryAcquire()) {
                    fail(Status.RESOURCE_EXHAUSTED, CONCURRENT_UPLOADS + " sources are being loaded already; "
                            + "try again when they are done");
                    return;
                }
                holdsPermit = true;
                buffer = new byte[(int) declared];
            }
            if (filled + (long) chunk.getData().size() > declared) {
                fail(Status.INVALID_ARGUMENT, "the upload is longer than the " + declared + " bytes it declared");
                return;
            }
            chunk.getData().copyTo(buffer, filled);
            filled += chunk.getData().size();
        }

        @Override
        public void onCompleted() {
            if (failed) {
                return;
            }
            if (buffer == null || filled != declared) {
                fail(Status.INVALID_ARGUMENT, "the upload ended after " + filled + " of the " + declared
                        + " bytes it declared");
                return;
            }
            byte[] jar = buffer;
            buffer = null;
            release();
            try {
                LoadedSource loaded = load(jar);
                reply.onNext(SourceLoaded.newBuilder().setHash(loaded.hash()).setValidatedBy(loaded.validatedBy())
                        .build());
                reply.onCompleted();
            } catch (InvalidSourceException e) {
                reply.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
            }
        }

        @Override
        public void onError(Throwable error) {
            failed = true;
            buffer = null;
            release();
        }

        private void fail(Status status, String why) {
            failed = true;
            buffer = null;
            release();
            reply.onError(status.withDescription(why).asRuntimeException());
        }

        private void release() {
            if (holdsPermit) {
                holdsPermit = false;
                uploads.release();
            }
        }
    }

    /** One fetch: the next chunk is read only when the member's stream can take it. */
    private static final class Download {
        private final ServerCallStreamObserver<SourceChunk> out;
        private final InputStream in;
        private final long size;
        private boolean first = true;
        private boolean done;

        Download(ServerCallStreamObserver<SourceChunk> out, InputStream in, long size) {
            this.out = out;
            this.in = in;
            this.size = size;
        }

        void start() {
            out.setOnCancelHandler(this::close);
            out.setOnReadyHandler(this::pump);
            pump();
        }

        private synchronized void pump() {
            try {
                while (!done && out.isReady()) {
                    byte[] data = in.readNBytes(CHUNK_BYTES);
                    if (data.length == 0 && !first) {
                        close();
                        out.onCompleted();
                        return;
                    }
                    SourceChunk.Builder chunk = SourceChunk.newBuilder().setData(ByteString.copyFrom(data));
                    if (first) {
                        chunk.setTotalSize(size);
                        first = false;
                    }
                    out.onNext(chunk.build());
                }
            } catch (IOException e) {
                close();
                out.onError(Status.INTERNAL.withDescription("cannot read the stored source: " + e.getMessage())
                        .asRuntimeException());
            }
        }

        private synchronized void close() {
            if (!done) {
                done = true;
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "closing a stored source failed: " + e);
                }
            }
        }
    }
}
