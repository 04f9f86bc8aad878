package io.thespis.internal.leader;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader's global names and their bounds. */
class GlobalNamesTest {
    private final GlobalNames names = new GlobalNames();

    @Test
    void aNameIsBoundedByItsUtf8Bytes() {
        names.bind("a".repeat(NameLimits.MAX_NAME_BYTES), "s@1", 1);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> names.bind("é".repeat(NameLimits.MAX_NAME_BYTES / 2 + 1), "s@1", 2));
        assertTrue(refused.getMessage().contains("1 to 256 bytes"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> names.bind("", "s@1", 3));
    }

    @Test
    void oneMemberHoldsAtMostItsShareOfNamesAndFreesThemWhenGone() {
        for (int i = 0; i < NameLimits.MAX_NAMES_PER_MEMBER; i++) {
            names.bind("n" + i, "greedy@1", i);
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> names.bind("one more", "greedy@1", -1));
        assertTrue(refused.getMessage().contains("as many as one member may"), refused.getMessage());
        assertEquals("other@1", names.bind("theirs", "other@1", 7).getSystem(), "other members still bind names");

        names.release("n0", "greedy@1", 0);
        names.bind("one more", "greedy@1", -1);
        names.systemGone("greedy@1");
        assertNull(names.lookup("n1"));
        names.bind("again", "greedy@1", 1);
    }
}
