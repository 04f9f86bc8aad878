package io.thespis.internal.codec;

import io.thespis.actor.ActorSystemException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The most common small messages, strings and boxed numbers, written directly: UTF-8 for a string, big-endian
 * bytes for a number, one byte for a boolean. They skip Jackson entirely, which costs more than the message
 * itself. A decoded scalar must have exactly its size.
 */
final class Scalars {
    private static final String STRING = "java.lang.String";
    private static final String INTEGER = "java.lang.Integer";
    private static final String LONG = "java.lang.Long";
    private static final String DOUBLE = "java.lang.Double";
    private static final String BOOLEAN = "java.lang.Boolean";

    private Scalars() {
    }

    /** The bytes of {@code message} when it is a scalar, else {@code null}. */
    static byte[] encode(Object message) {
        if (message instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof Integer number) {
            return ByteBuffer.allocate(Integer.BYTES).putInt(number).array();
        }
        if (message instanceof Long number) {
            return ByteBuffer.allocate(Long.BYTES).putLong(number).array();
        }
        if (message instanceof Double number) {
            return ByteBuffer.allocate(Double.BYTES).putDouble(number).array();
        }
        if (message instanceof Boolean flag) {
            return new byte[] {(byte) (flag ? 1 : 0)};
        }
        return null;
    }

    static boolean isScalar(String type) {
        return switch (type) {
            case STRING, INTEGER, LONG, DOUBLE, BOOLEAN -> true;
            default -> false;
        };
    }

    /** The scalar of {@code type} in {@code bytes}. */
    static Object decode(String type, byte[] bytes) {
        return switch (type) {
            case STRING -> new String(bytes, StandardCharsets.UTF_8);
            case INTEGER -> ByteBuffer.wrap(sized(type, bytes, Integer.BYTES)).getInt();
            case LONG -> ByteBuffer.wrap(sized(type, bytes, Long.BYTES)).getLong();
            case DOUBLE -> ByteBuffer.wrap(sized(type, bytes, Double.BYTES)).getDouble();
            case BOOLEAN -> sized(type, bytes, 1)[0] != 0;
            default -> throw new IllegalArgumentException(type + " is not a scalar");
        };
    }

    private static byte[] sized(String type, byte[] bytes, int size) {
        if (bytes.length != size) {
            throw new ActorSystemException("cannot decode a message of type " + type + ": " + bytes.length
                    + " bytes, expected " + size);
        }
        return bytes;
    }
}
