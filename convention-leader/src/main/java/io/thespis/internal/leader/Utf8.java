package io.thespis.internal.leader;

import java.nio.charset.StandardCharsets;

/** UTF-8 lengths, as bounds on what remote parties send are counted. */
final class Utf8 {
    private Utf8() {
    }

    /** Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8; never encodes more than that. */
    static boolean exceeds(String text, int maxBytes) {
        // Every UTF-16 unit takes at least one byte, so a longer string is too long without encoding it.
        return text.length() > maxBytes || length(text) > maxBytes;
    }

    /** The bytes {@code text} takes in UTF-8. */
    static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
