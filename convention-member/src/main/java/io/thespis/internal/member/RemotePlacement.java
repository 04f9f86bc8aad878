package io.thespis.internal.member;

import io.grpc.StatusRuntimeException;
import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.member.membership.MemberDirectory;
import io.thespis.internal.member.transport.PeerLinks;
import io.thespis.internal.member.wire.WireAddresses;
import io.thespis.internal.placement.Candidate;
import io.thespis.internal.placement.PlacementRequest;
import io.thespis.proto.v1.CreateActorReply;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.TransportGrpc;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Creating an actor on another system, when this one does not qualify: the placement engine chooses over the
 * member's cached directory (the leader is not on this path), the chosen system re-checks.
 *
 * <p>Outside code waits: a system that refuses is excluded and the next candidate is tried. An actor does not
 * wait on the network: the creation travels on the stream to the chosen system ahead of any message to the new
 * actor, and the address (whose id this system proposes) comes back at once; if the chosen system refuses, the
 * parent receives {@code ChildActorExited} and the messages come back as {@code PoisonMessage}s. In both cases,
 * {@code placementTimeout} waits that long for a qualifying system to appear.
 */
final class RemotePlacement {
    private static final System.Logger LOG = System.getLogger(RemotePlacement.class.getName());
    /** Where the ids proposed for actors created on other systems come from: unguessable, as every actor id. */
    private static final SecureRandom IDS = new SecureRandom();
    private static final Duration CREATE_DEADLINE = Duration.ofSeconds(10);

    private final MemberDirectory directory;
    private final PeerLinks links;
    private final MessageCodec codec;
    private final LongSupplier nanoTime;
    private final Outcomes outcomes;
    private final AtomicLong turns = new AtomicLong();

    /** Where a placement's outcome and duration go (the member's metrics). */
    interface Outcomes {
        /** A placement ended with {@code outcome} ("placed", "refused", "none") after {@code nanos}. */
        void placed(String outcome, long nanos);
    }

    RemotePlacement(MemberDirectory directory, PeerLinks links, MessageCodec codec, LongSupplier nanoTime,
                    Outcomes outcomes) {
        this.directory = directory;
        this.links = links;
        this.codec = codec;
        this.nanoTime = nanoTime;
        this.outcomes = outcomes;
    }

    /**
     * Creates the actor on another system; {@code parent} is the creating actor, or {@code null} for outside code.
     * This system is in the directory with its current capabilities, so it is not chosen, and the refusal lists
     * its reason with the others'.
     */
    ActorAddress create(Class<? extends Actor> actorClass, CreateOptions options, ActorAddress parent) {
        PlacementRequest request = PlacementRequest.of(actorClass, options.requirements(), null, turns.getAndIncrement());
        long started = nanoTime.getAsLong();
        long deadline = started + options.placementTimeout().toNanos();
        while (true) {
            Optional<Candidate> chosen = directory.choose(request);
            String target = chosen.map(candidate -> directory.systemIdAt(candidate.address())).orElse(null);
            if (target == null) {
                if (nanoTime.getAsLong() >= deadline) {
                    outcomes.placed("none", nanoTime.getAsLong() - started);
                    throw new NoCompatibleSystemForActor(directory.refusal(request));
                }
                awaitChange(deadline);
                continue;
            }
            CreateActorRequest create = request(actorClass, options, parent);
            if (parent != null) {
                links.sendCreate(target, create);
                outcomes.placed("placed", nanoTime.getAsLong() - started);
                return ActorAddress.of(target, create.getProposedId());
            }
            CreateActorReply reply = createAndWait(target, create);
            if (reply.hasAddress()) {
                outcomes.placed("placed", nanoTime.getAsLong() - started);
                return WireAddresses.fromWire(reply.getAddress());
            }
            outcomes.placed("refused", nanoTime.getAsLong() - started);
            LOG.log(Level.INFO, chosen.get().address() + " refused " + actorClass.getName() + ": "
                    + reply.getRefusal() + "; trying the next candidate");
            request = request.excluding(chosen.get().address());
        }
    }

    private void awaitChange(long deadline) {
        try {
            directory.awaitChange(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoCompatibleSystemForActor("interrupted while waiting for a system to qualify");
        }
    }

    private CreateActorRequest request(Class<? extends Actor> actorClass, CreateOptions options, ActorAddress parent) {
        CreateActorRequest.Builder create = CreateActorRequest.newBuilder()
                .setActorClass(actorClass.getName())
                .setProposedId(IDS.nextLong(1, Long.MAX_VALUE));
        if (parent != null) {
            create.setParent(WireAddresses.toWire(parent));
        }
        if (!options.requirements().isEmpty()) {
            MessageCodec.Encoded requirements = codec.encode(new LinkedHashMap<>(options.requirements()));
            create.setRequirementsType(requirements.type())
                    .setRequirements(com.google.protobuf.ByteString.copyFrom(requirements.bytes()));
        }
        if (options.globalName() != null) {
            create.setGlobalName(options.globalName());
        }
        if (options.sourceHash() != null) {
            create.setSourceHash(options.sourceHash());
        }
        return create.build();
    }

    /** The reply of {@code target}: the address, or a refusal (also when it could not be reached). */
    private CreateActorReply createAndWait(String target, CreateActorRequest create) {
        try {
            return TransportGrpc.newBlockingStub(links.channel(target))
                    .withDeadlineAfter(CREATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .createActor(create);
        } catch (StatusRuntimeException e) {
            return CreateActorReply.newBuilder().setRefusal("unreachable: " + e.getStatus()).build();
        }
    }
}
