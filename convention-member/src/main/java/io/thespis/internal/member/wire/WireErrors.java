package io.thespis.internal.member.wire;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorGoneException;
import io.thespis.actor.ActorSystemException;
import io.thespis.actor.InvalidActorSpecification;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.NoCompatibleSystemForActor;

/**
 * Failures on the wire as {@code google.rpc.ErrorInfo}: a reason code from {@link Reason} in the domain
 * {@value #DOMAIN}, with the details a program needs in its metadata, beside the message for people. A failure
 * comes back on the other end as the exception it was thrown as.
 */
public final class WireErrors {
    /** The {@code ErrorInfo.domain} of every Thespis failure. */
    public static final String DOMAIN = "thespis.io";
    private static final String SYSTEM = "system";
    private static final String ACTOR_ID = "actorId";
    private static final String WHY = "reason";

    /** Why a request failed. */
    public enum Reason {
        /** No system of the Convention qualifies for the actor ({@link NoCompatibleSystemForActor}). */
        NO_COMPATIBLE_SYSTEM,
        /** The class cannot be an actor ({@link InvalidActorSpecification}). */
        INVALID_ACTOR_SPECIFICATION,
        /** The source is not usable ({@link InvalidSourceException}). */
        INVALID_SOURCE,
        /** The request itself was malformed ({@link IllegalArgumentException}). */
        INVALID_ARGUMENT,
        /** No actor lives at the address (metadata: system, actorId, reason; {@link ActorGoneException}). */
        ACTOR_GONE,
        /** The system is too busy to take the request now; it may be tried again. */
        BUSY,
        /** Any other failure of the system ({@link ActorSystemException}). */
        FAILED
    }

    private WireErrors() {
    }

    /** {@code failure} as the wire names it. */
    public static ErrorInfo info(RuntimeException failure) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reasonOf(failure).name());
        if (failure instanceof ActorGoneException gone && gone.address() != null) {
            info.putMetadata(SYSTEM, gone.address().system())
                    .putMetadata(ACTOR_ID, Long.toString(gone.address().actorId()))
                    .putMetadata(WHY, gone.reason());
        }
        return info.build();
    }

    /** A failure for {@code reason}, with nothing more to say than its message. */
    public static ErrorInfo info(Reason reason) {
        return ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason.name()).build();
    }

    private static Reason reasonOf(RuntimeException failure) {
        if (failure instanceof NoCompatibleSystemForActor) {
            return Reason.NO_COMPATIBLE_SYSTEM;
        } else if (failure instanceof InvalidActorSpecification) {
            return Reason.INVALID_ACTOR_SPECIFICATION;
        } else if (failure instanceof InvalidSourceException) {
            return Reason.INVALID_SOURCE;
        } else if (failure instanceof IllegalArgumentException) {
            return Reason.INVALID_ARGUMENT;
        } else if (failure instanceof ActorGoneException) {
            return Reason.ACTOR_GONE;
        }
        return Reason.FAILED;
    }

    /** The exception {@code info} and {@code message} describe, of the type it was thrown as. */
    public static RuntimeException exception(ErrorInfo info, String message) {
        Reason reason;
        try {
            reason = DOMAIN.equals(info.getDomain()) ? Reason.valueOf(info.getReason()) : Reason.FAILED;
        } catch (IllegalArgumentException unknown) {
            reason = Reason.FAILED;
        }
        return switch (reason) {
            case NO_COMPATIBLE_SYSTEM -> new NoCompatibleSystemForActor(message);
            case INVALID_ACTOR_SPECIFICATION -> new InvalidActorSpecification(message);
            case INVALID_SOURCE -> new InvalidSourceException(message);
            case INVALID_ARGUMENT -> new IllegalArgumentException(message);
            case ACTOR_GONE -> gone(info, message);
            case BUSY, FAILED -> new ActorSystemException(message);
        };
    }

    private static RuntimeException gone(ErrorInfo info, String message) {
        try {
            ActorAddress address = ActorAddress.of(info.getMetadataOrThrow(SYSTEM),
                    Long.parseLong(info.getMetadataOrThrow(ACTOR_ID)));
            return new ActorGoneException(address, info.getMetadataOrDefault(WHY, message));
        } catch (IllegalArgumentException malformed) {
            return new ActorSystemException(message);
        }
    }

    /** A gRPC failure with {@code code} that carries {@code failure} as its ErrorInfo. */
    public static StatusRuntimeException status(Code code, RuntimeException failure) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.getNumber())
                .setMessage(String.valueOf(failure.getMessage())).addDetails(Any.pack(info(failure))).build());
    }

    /**
     * The exception a gRPC failure carries as its ErrorInfo, or {@code null} when it carries none (the call failed
     * on the way, not in the system called).
     */
    public static RuntimeException carried(StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return null;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return exception(detail.unpack(ErrorInfo.class), status.getMessage());
                } catch (InvalidProtocolBufferException malformed) {
                    return null;
                }
            }
        }
        return null;
    }
}
