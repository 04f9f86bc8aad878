package io.thespis.internal.member.wire;

import io.thespis.actor.ActorAddress;
import io.thespis.proto.v1.ActorAddressProto;

/** Actor addresses on the wire. */
public final class WireAddresses {
    private WireAddresses() {
    }

    public static ActorAddressProto toWire(ActorAddress address) {
        return ActorAddressProto.newBuilder().setSystem(address.system()).setActorId(address.actorId()).build();
    }

    /** The address, or {@code null} for an unset or malformed one. */
    public static ActorAddress fromWire(ActorAddressProto wire) {
        return wire.getSystem().isEmpty() ? null : ActorAddress.of(wire.getSystem(), wire.getActorId());
    }
}
