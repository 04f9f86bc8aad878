package io.thespis.internal.member.membership;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemException;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.NameReply;
import io.thespis.proto.v1.NameRequest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A member's calls to the Convention's global names, which the leader keeps: each a unary call with a deadline.
 * Names need the leader: while it cannot be reached, creating an actor with a global name fails and says so, rather
 * than risk two actors answering one name.
 */
public final class GlobalNameClient {
    /** How long a lookup or binding may take. */
    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** How long apart a binding is tried again while the leader has not registered this member yet. */
    private static final Duration NOT_REGISTERED_RETRY = Duration.ofMillis(20);

    private static final System.Logger LOG = System.getLogger(GlobalNameClient.class.getName());

    private final Supplier<ManagedChannel> leader;
    private final String leaderAddress;
    private final Executor releases;

    /** Calls over the channel {@code leader} gives now; releases, which must not block, run on {@code releases}. */
    public GlobalNameClient(Supplier<ManagedChannel> leader, String leaderAddress, Executor releases) {
        this.leader = leader;
        this.leaderAddress = leaderAddress;
        this.releases = releases;
    }

    /** The actor {@code name} names in the Convention, or {@code null}. */
    public ActorAddress lookup(String name) {
        return holder(call(NameRequest.newBuilder().setKind(NameRequest.Kind.LOOKUP).setName(name).build()));
    }

    /** Binds {@code name} to {@code actor} unless it is bound; returns the actor that holds it. */
    public ActorAddress bind(String name, ActorAddress actor) {
        return holder(call(request(NameRequest.Kind.BIND, name, actor)));
    }

    /** Frees {@code name}, held by {@code actor}, in the background; a lost release is healed when the member goes. */
    public void release(String name, ActorAddress actor) {
        try {
            releases.execute(() -> {
                try {
                    call(request(NameRequest.Kind.RELEASE, name, actor));
                } catch (ActorSystemException e) {
                    LOG.log(Level.INFO, "could not free the global name '" + name + "': " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The member is stopping: leaving the Convention frees its names.
        }
    }

    private static NameRequest request(NameRequest.Kind kind, String name, ActorAddress actor) {
        return NameRequest.newBuilder().setKind(kind).setName(name).setSystem(actor.system())
                .setActorId(actor.actorId()).build();
    }

    /**
     * One call, within {@link #DEADLINE}; a binding refused because the leader has not registered this member yet
     * (it has only just started) is tried again until then.
     */
    private NameReply call(NameRequest request) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try {
            while (true) {
                try {
                    return ConventionGrpc.newBlockingStub(leader.get())
                            .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).name(request);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION
                            || System.nanoTime() + NOT_REGISTERED_RETRY.toNanos() > deadline) {
                        throw e;
                    }
                    TimeUnit.NANOSECONDS.sleep(NOT_REGISTERED_RETRY.toNanos());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorSystemException("interrupted while binding the global name '" + request.getName() + "'");
        } catch (StatusRuntimeException e) {
            throw new ActorSystemException("the global name '" + request.getName() + "' needs the Convention Leader at "
                    + leaderAddress + ", which " + switch (e.getStatus().getCode()) {
                        case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, FAILED_PRECONDITION -> "refused: "
                                + e.getStatus().getDescription();
                        default -> "cannot be reached: " + e.getStatus();
                    }, e);
        }
    }

    private static ActorAddress holder(NameReply reply) {
        return reply.getSystem().isEmpty() ? null : ActorAddress.of(reply.getSystem(), reply.getActorId());
    }
}
