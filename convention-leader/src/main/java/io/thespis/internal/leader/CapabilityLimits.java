package io.thespis.internal.leader;

import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Refusal;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The bounds on what one member publishes of itself: its capabilities, address and id. The leader refuses a
 * registration or capability update beyond them (the member logs the refusal's reason), and a member refuses a
 * client's capability change beyond them, so that no member can fill the leader's memory or make a directory
 * message too large for the other members to read.
 */
public final class CapabilityLimits {
    /** Capabilities per member at most. */
    public static final int MAX_KEYS = 64;
    /** Bytes (UTF-8) per capability name at most. */
    public static final int MAX_KEY_BYTES = 128;
    /** Bytes per capability value at most, as it travels (a string value: its UTF-8 bytes and a few more). */
    public static final int MAX_VALUE_BYTES = 4096;
    /** Bytes of all of one member's capabilities together at most, names and values. */
    public static final int MAX_TOTAL_BYTES = 64 * 1024;
    /** Bytes (UTF-8) of a member's address and of its member id at most. */
    public static final int MAX_ADDRESS_BYTES = 256;

    private CapabilityLimits() {
    }

    /** Why {@code capabilities} exceed the bounds, or {@code null} when they are within them. */
    public static String violation(Map<String, CapabilityValue> capabilities) {
        if (capabilities.size() > MAX_KEYS) {
            return capabilities.size() + " capabilities; at most " + MAX_KEYS + " are allowed";
        }
        long total = 0;
        for (Map.Entry<String, CapabilityValue> capability : capabilities.entrySet()) {
            String name = capability.getKey();
            if (name.isEmpty() || Utf8.exceeds(name, MAX_KEY_BYTES)) {
                return "a capability name of " + name.length() + " characters; names have 1 to " + MAX_KEY_BYTES
                        + " bytes (UTF-8)";
            }
            int valueBytes = capability.getValue().getSerializedSize();
            if (valueBytes > MAX_VALUE_BYTES) {
                return "capability '" + name + "' has a value of " + valueBytes + " bytes; at most " + MAX_VALUE_BYTES
                        + " are allowed";
            }
            total += Utf8.length(name) + valueBytes;
        }
        return total > MAX_TOTAL_BYTES ? "capabilities of " + total + " bytes in all; at most " + MAX_TOTAL_BYTES
                + " are allowed" : null;
    }

    /**
     * Runs {@code accepted} unless the registration or capability update in {@code up} exceeds the bounds; then
     * calls {@code refuse} with a reason naming the bound instead. Any other message is accepted as it is.
     */
    static void admit(MemberUp up, BiConsumer<Refusal.Code, String> refuse, Runnable accepted) {
        String violation = switch (up.getKindCase()) {
            case REGISTER -> violation(up.getRegister().getMember());
            case CAPABILITY_UPDATE -> violation(up.getCapabilityUpdate().getCapabilitiesMap());
            default -> null;
        };
        if (violation == null) {
            accepted.run();
        } else {
            refuse.accept(Refusal.Code.PROTOCOL, "what the member publishes of itself exceeds the leader's limits: "
                    + violation);
        }
    }

    private static String violation(MemberInfo member) {
        if (Utf8.exceeds(member.getAddress(), MAX_ADDRESS_BYTES)
                || Utf8.exceeds(member.getMemberId(), MAX_ADDRESS_BYTES)) {
            return "an address or member id of over " + MAX_ADDRESS_BYTES + " bytes";
        }
        return violation(member.getCapabilitiesMap());
    }
}
