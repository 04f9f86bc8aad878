package io.thespis.internal.leader;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The leader's source store as a service: loads (uploaded in chunks, validated by the leader's system, kept on
 * disk), fetches by members (streamed in chunks as the member's stream takes them), unloads (broadcast to every
 * member) and the list for the operator. Uploads are bounded so that no remote party can exhaust the leader's
 * memory or block other loads: each by the size limit (its buffer grows with the bytes that arrive, not with the size
 * it declares), unfinished ones by {@link UploadSlots} (per peer address, in all, and by an idle timeout), and what a
 * source expands to by {@link SourceExpansion}. Sources are admitted one at a time, so that at most one is being
 * expanded at once.
 */
public final class SourceService implements SourceStoreGrpc.AsyncService, BindableService {
    /** The size of the chunks a jar travels in. */
    public static final int CHUNK_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(SourceService.class.getName());
    /** The address of the peer whose call this is, set by {@link #bindService()}. */
    static final Context.Key<String> PEER = Context.key("thespis-source-peer");

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
    private final long maxExpandedBytes;
    private final UploadSlots uploads;
    /** Held while a source is admitted: one expansion in memory at a time. */
    private final Object admitting = new Object();

    /**
     * A service keeping jars in {@code store}, admitting them through {@code admission} (read when the first
     * request comes, so it may be built after the server), telling members through {@code leader}.
     */
    public SourceService(SourceStore store, Supplier<Admission> admission, ConventionLeader leader,
                         Supplier<String> leaderAddress, long maxSourceBytes) {
        this(store, admission, leader, leaderAddress, maxSourceBytes, SourceExpansion.limitForThisHeap(),
                new UploadSlots(System::nanoTime, UploadSlots.IDLE_TIMEOUT));
    }

    /** The same, with the bound on what a source expands to and the upload slots given. */
    SourceService(SourceStore store, Supplier<Admission> admission, ConventionLeader leader,
                  Supplier<String> leaderAddress, long maxSourceBytes, long maxExpandedBytes, UploadSlots uploads) {
        this.store = store;
        this.admission = admission;
        this.leader = leader;
        this.leaderAddress = leaderAddress;
        this.maxSourceBytes = maxSourceBytes;
        this.maxExpandedBytes = maxExpandedBytes;
        this.uploads = uploads;
    }

    /** This service as the server should host it: each call knows its peer's address, which uploads are counted by. */
    @Override
    public ServerServiceDefinition bindService() {
        return ServerInterceptors.intercept(SourceStoreGrpc.bindService(this), new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                Context withPeer = Context.current().withValue(PEER,
                        peerAddress(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
                return Contexts.interceptCall(withPeer, call, headers, next);
            }
        });
    }

    /** The host of {@code address}, without the port: a peer's connections all count as that peer. */
    private static String peerAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
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
        SourceExpansion.check(jar, maxExpandedBytes);
        synchronized (admitting) {
            LoadedSource loaded = admission.get().admit(jar);
            if (!store.contains(loaded.hash())) {
                store.put(loaded.hash(), jar);
            }
            return loaded;
        }
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
        String peer = PEER.get();
        return new Upload(reply, peer == null ? "(this process)" : peer);
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

    /**
     * One upload: chunks gathered up to the declared size, which must be within the limit; its buffer grows as the
     * bytes arrive. Synchronized: the slots may drop it from another thread.
     */
    private final class Upload implements StreamObserver<SourceChunk>, UploadSlots.Upload {
        private final StreamObserver<SourceLoaded> reply;
        private final String peer;
        private byte[] buffer;
        private int filled;
        private long declared;
        private boolean holdsSlot;
        private boolean failed;

        Upload(StreamObserver<SourceLoaded> reply, String peer) {
            this.reply = reply;
            this.peer = peer;
        }

        @Override
        public void onNext(SourceChunk chunk) {
            synchronized (this) {
                if (failed) {
                    return;
                }
                if (buffer == null && !start(chunk.getTotalSize())) {
                    return;
                }
                if (filled + (long) chunk.getData().size() > declared) {
                    fail(Status.INVALID_ARGUMENT, "the upload is longer than the " + declared + " bytes it declared");
                    return;
                }
                if (filled + chunk.getData().size() > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(declared,
                            Math.max(2L * buffer.length, filled + chunk.getData().size())));
                }
                chunk.getData().copyTo(buffer, filled);
                filled += chunk.getData().size();
            }
            uploads.touched(this);
        }

        /** The first chunk: the declared size must be within the limit, and a slot free. */
        private boolean start(long totalSize) {
            declared = totalSize;
            if (declared < 1 || declared > maxSourceBytes) {
                fail(Status.RESOURCE_EXHAUSTED, "the source is " + declared + " bytes; the limit is "
                        + maxSourceBytes + " bytes (set with --max-source-size)");
                return false;
            }
            String busy = uploads.take(this, peer);
            if (busy != null) {
                fail(Status.RESOURCE_EXHAUSTED, busy);
                return false;
            }
            holdsSlot = true;
            buffer = new byte[(int) Math.min(declared, CHUNK_BYTES)];
            return true;
        }

        @Override
        public void onCompleted() {
            byte[] jar;
            synchronized (this) {
                if (failed) {
                    return;
                }
                if (buffer == null || filled != declared) {
                    fail(Status.INVALID_ARGUMENT, "the upload ended after " + filled + " of the " + declared
                            + " bytes it declared");
                    return;
                }
                jar = buffer;
                buffer = null;
                release();
            }
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
        public synchronized void onError(Throwable error) {
            failed = true;
            buffer = null;
            release();
        }

        @Override
        public synchronized void expire(String reason) {
            if (!failed) {
                LOG.log(Level.INFO, "dropped an upload from " + peer + ": " + reason);
                fail(Status.DEADLINE_EXCEEDED, reason);
            }
        }

        private void fail(Status status, String why) {
            failed = true;
            buffer = null;
            release();
            try {
                reply.onError(status.withDescription(why).asRuntimeException());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "upload stream already closed: " + e);
            }
        }

        private void release() {
            if (holdsSlot) {
                holdsSlot = false;
                uploads.release(this);
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
