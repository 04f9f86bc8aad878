package io.thespis.internal.member.security;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.thespis.internal.member.guard.RefusalLog;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.CreateActorRequest;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.NameBinding;
import io.thespis.proto.v1.NameRequest;
import io.thespis.proto.v1.SourceStoreGrpc;
import io.thespis.proto.v1.TransportFrame;
import io.thespis.proto.v1.TransportGrpc;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static java.util.Map.entry;

/**
 * Who may call what, over mutual TLS: each method of the Thespis services admits some {@link Role}s (only members
 * join, deliver and create for their actors; operators attach as clients, load and unload; observers only read
 * status and health), and a member speaks only for itself: the address it registers or says hello from, the actors
 * it binds global names to and the parents it creates for must be on a host its certificate holds. Anything else
 * is refused with {@code PERMISSION_DENIED} and one line saying who tried what; refusals are counted, and logged once
 * per peer a minute ({@link RefusalLog}).
 */
public final class Authorization implements ServerInterceptor {
    private static final System.Logger LOG = System.getLogger(Authorization.class.getName());
    private static final Set<Role> MEMBERS = EnumSet.of(Role.MEMBER);
    private static final Set<Role> CHANGERS = EnumSet.of(Role.MEMBER, Role.OPERATOR);
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final String REFLECTION_SERVICE = "grpc.reflection.v1.ServerReflection";
    private static final Map<String, Set<Role>> ROLES = Map.ofEntries(
            entry(ConventionGrpc.getJoinMethod().getFullMethodName(), MEMBERS),
            entry(ConventionGrpc.getNameMethod().getFullMethodName(), MEMBERS),
            entry(TransportGrpc.getDeliverMethod().getFullMethodName(), MEMBERS),
            entry(TransportGrpc.getCreateActorMethod().getFullMethodName(), MEMBERS),
            entry(TransportGrpc.getAttachMethod().getFullMethodName(), EnumSet.of(Role.OPERATOR)),
            entry(TransportGrpc.getStatusMethod().getFullMethodName(), EVERYONE),
            entry(SourceStoreGrpc.getLoadMethod().getFullMethodName(), CHANGERS),
            entry(SourceStoreGrpc.getUnloadMethod().getFullMethodName(), CHANGERS),
            entry(SourceStoreGrpc.getFetchMethod().getFullMethodName(), CHANGERS),
            entry(SourceStoreGrpc.getListMethod().getFullMethodName(), EVERYONE),
            entry(HealthGrpc.getCheckMethod().getFullMethodName(), EVERYONE),
            entry(HealthGrpc.getWatchMethod().getFullMethodName(), EVERYONE));

    private final RefusalLog refusals;

    /** Refusals are logged at most once per peer a minute of {@code nanoTime}. */
    public Authorization(LongSupplier nanoTime) {
        this.refusals = new RefusalLog(LOG, nanoTime);
    }

    /** Calls refused so far, by kind (all {@code unauthorized}). */
    public Map<String, Long> refusals() {
        return refusals.counts();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        PeerIdentity peer = PeerIdentity.of(call);
        String method = call.getMethodDescriptor().getFullMethodName();
        Set<Role> admitted = method.startsWith(REFLECTION_SERVICE + "/") ? EVERYONE : ROLES.get(method);
        if (admitted == null || peer.role().isEmpty() || !admitted.contains(peer.role().get())) {
            refuse(call, peer, method, admitted == null ? "an unknown method"
                    : "a call for " + admitted.stream().map(Role::label).sorted().toList() + " only");
            return new ServerCall.Listener<>() {
            };
        }
        if (!peer.hasRole(Role.MEMBER)) {
            return next.startCall(call, headers);
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                String claim = foreignClaim(peer, message);
                if (claim != null) {
                    refused = true;
                    refuse(call, peer, method, "speaking for " + claim + ", which its certificate does not hold");
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    /** The address a member's message claims that is not its own, or {@code null}. */
    private static String foreignClaim(PeerIdentity peer, Object message) {
        if (message instanceof MemberUp up && up.hasRegister()) {
            String claimed = foreign(peer, up.getRegister().getMember().getAddress());
            if (claimed != null) {
                return claimed;
            }
            for (NameBinding binding : up.getRegister().getNamesList()) {
                claimed = foreign(peer, binding.getSystem());
                if (claimed != null) {
                    return claimed;
                }
            }
        } else if (message instanceof TransportFrame frame && frame.hasHello()) {
            return foreign(peer, frame.getHello().getSenderSystem());
        } else if (message instanceof NameRequest name && name.getKind() != NameRequest.Kind.LOOKUP) {
            return foreign(peer, name.getSystem());
        } else if (message instanceof CreateActorRequest create && create.hasParent()) {
            return foreign(peer, create.getParent().getSystem());
        }
        return null;
    }

    /** {@code address} ({@code host:port}, optionally {@code /incarnation}) unless its host is the peer's. */
    private static String foreign(PeerIdentity peer, String address) {
        String hostPort = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return !host.isEmpty() && peer.coversHost(host) ? null : "'" + address + "'";
    }

    private void refuse(ServerCall<?, ?> call, PeerIdentity peer, String method, String why) {
        String line = "refused " + method + " to " + peer + ": " + why;
        refusals.refused("unauthorized", peer.toString(), who -> "refused " + method + " to " + who + ": " + why);
        call.close(Status.PERMISSION_DENIED.withDescription(line), new Metadata());
    }
}
