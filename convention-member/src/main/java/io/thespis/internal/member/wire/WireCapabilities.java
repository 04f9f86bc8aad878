package io.thespis.internal.member.wire;

import io.thespis.proto.v1.CapabilityValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capabilities on the wire: booleans, integers, decimals and strings. Integers come back as {@code Integer} when
 * they fit, else {@code Long}; any other value travels as its string form.
 */
public final class WireCapabilities {
    private WireCapabilities() {
    }

    public static Map<String, CapabilityValue> toWire(Map<String, Object> capabilities) {
        Map<String, CapabilityValue> wire = new LinkedHashMap<>();
        capabilities.forEach((name, value) -> wire.put(name, toWire(value)));
        return wire;
    }

    private static CapabilityValue toWire(Object value) {
        CapabilityValue.Builder wire = CapabilityValue.newBuilder();
        if (value instanceof Boolean b) {
            return wire.setBoolValue(b).build();
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return wire.setIntValue(((Number) value).longValue()).build();
        }
        if (value instanceof Float || value instanceof Double) {
            return wire.setDoubleValue(((Number) value).doubleValue()).build();
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return wire.setStringValue(value.toString()).build();
        }
        return wire.setStringValue(String.valueOf(value)).build();
    }

    public static Map<String, Object> fromWire(Map<String, CapabilityValue> wire) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        wire.forEach((name, value) -> {
            Object plain = switch (value.getValueCase()) {
                case BOOL_VALUE -> value.getBoolValue();
                case INT_VALUE -> WholeNumbers.narrowest(value.getIntValue());
                case DOUBLE_VALUE -> value.getDoubleValue();
                case STRING_VALUE -> value.getStringValue();
                case VALUE_NOT_SET -> null;
            };
            if (plain != null) {
                capabilities.put(name, plain);
            }
        });
        return capabilities;
    }
}
