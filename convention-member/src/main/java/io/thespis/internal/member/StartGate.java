package io.thespis.internal.member;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses every new call while the member is not whole: before it is fully assembled (the server is bound early
 * only to learn its port) and once it has begun to stop. Calls already running are not touched.
 */
final class StartGate implements ServerInterceptor {
    private enum Phase { ASSEMBLING, SERVING, STOPPING }

    private volatile Phase phase = Phase.ASSEMBLING;

    /** The member is whole: calls are served. */
    void open() {
        phase = Phase.SERVING;
    }

    /** The member is stopping: new calls are refused. */
    void close() {
        phase = Phase.STOPPING;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Phase now = phase;
        if (now == Phase.SERVING) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAVAILABLE.withDescription(now == Phase.ASSEMBLING ? "the member is starting"
                : "the member is stopping"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
