package io.thespis.internal.member.wire;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;
import io.thespis.proto.v1.ActorStatusProto;
import io.thespis.proto.v1.MemberStatusProto;
import io.thespis.proto.v1.SystemStatusProto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** System, member and actor status on the wire; an empty string there stands for {@code null} here. */
public final class WireStatus {
    private WireStatus() {
    }

    public static SystemStatusProto toWire(SystemStatus status) {
        SystemStatusProto.Builder wire = SystemStatusProto.newBuilder()
                .setAdminAddress(status.adminAddress())
                .putAllCapabilities(WireCapabilities.toWire(status.capabilities()))
                .setConventionLeader(orEmpty(status.conventionLeader()))
                .setActorCount(status.actorCount())
                .addAllLoadedSources(status.loadedSources())
                .putAllCounters(status.counters())
                .setPendingWakeups(status.pendingWakeups());
        status.members().forEach(member -> wire.addMembers(MemberStatusProto.newBuilder()
                .setAdminAddress(member.adminAddress())
                .putAllCapabilities(WireCapabilities.toWire(member.capabilities()))
                .setGeneration(member.generation()).setActorCount(member.actorCount())));
        status.actors().forEach(actor -> wire.addActors(toWire(actor)));
        status.globalNames().forEach((name, actor) -> wire.putGlobalNames(name, WireAddresses.toWire(actor)));
        if (status.sourceAuthority() != null) {
            wire.setSourceAuthority(WireAddresses.toWire(status.sourceAuthority()));
        }
        return wire.build();
    }

    public static SystemStatus fromWire(SystemStatusProto wire) {
        List<MemberStatus> members = wire.getMembersList().stream().map(member -> new MemberStatus(
                member.getAdminAddress(), WireCapabilities.fromWire(member.getCapabilitiesMap()),
                member.getGeneration(), member.getActorCount())).toList();
        Map<String, ActorAddress> names = new LinkedHashMap<>();
        wire.getGlobalNamesMap().forEach((name, actor) -> names.put(name, WireAddresses.fromWire(actor)));
        names.values().removeIf(Objects::isNull);
        return new SystemStatus(wire.getAdminAddress(), WireCapabilities.fromWire(wire.getCapabilitiesMap()),
                orNull(wire.getConventionLeader()), members, wire.getActorCount(), wire.getLoadedSourcesList(),
                wire.getCountersMap(), wire.getActorsList().stream().map(WireStatus::fromWire).toList(), names,
                wire.getPendingWakeups(),
                wire.hasSourceAuthority() ? WireAddresses.fromWire(wire.getSourceAuthority()) : null);
    }

    public static ActorStatusProto toWire(ActorStatus status) {
        ActorStatusProto.Builder wire = ActorStatusProto.newBuilder()
                .setAddress(WireAddresses.toWire(status.address()))
                .setActorClass(status.actorClass())
                .setSourceHash(orEmpty(status.sourceHash()))
                .setGlobalName(orEmpty(status.globalName()))
                .setMailboxDepth(status.mailboxDepth())
                .setMessagesHandled(status.messagesHandled())
                .setRestarts(status.restarts())
                .setChildCount(status.childCount())
                .setPendingWakeups(status.pendingWakeups())
                .setDeadLetterHandler(status.deadLetterHandler());
        status.children().forEach(child -> wire.addChildren(WireAddresses.toWire(child)));
        return wire.build();
    }

    public static ActorStatus fromWire(ActorStatusProto wire) {
        List<ActorAddress> children = wire.getChildrenList().stream().map(WireAddresses::fromWire)
                .filter(Objects::nonNull).toList();
        return new ActorStatus(WireAddresses.fromWire(wire.getAddress()), wire.getActorClass(),
                orNull(wire.getSourceHash()), orNull(wire.getGlobalName()), wire.getMailboxDepth(),
                wire.getMessagesHandled(), wire.getRestarts(), wire.getChildCount(), children,
                wire.getPendingWakeups(), wire.getDeadLetterHandler());
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
