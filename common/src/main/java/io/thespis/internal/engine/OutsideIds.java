package io.thespis.internal.engine;

/**
 * The ids of outside code's addresses, which are not actors: an inbox (what {@code tell}'s replies and
 * {@code listen} use, a connected client's session, the system itself) and the asks made from it. They are
 * negative, so they never meet an actor's id (which is positive), and an ask's id names its inbox:
 *
 * <pre>
 *   inbox  = -(inboxNumber &lt;&lt; 32)
 *   ask    = inbox - askNumber            (askNumber in 1 .. 2^32 - 1)
 * </pre>
 *
 * <p>So when an ask has ended, the engine still knows from the id alone, without remembering the ask, where a
 * late reply goes: to the inbox the ask was made from. The engine draws both numbers at random (31 bits for an
 * inbox, 32 for each of its asks, none equal to one still open), so an ask's address cannot be guessed from its
 * inbox's or from another ask's. A reply that comes after its ask ended lands in a newer ask of the same inbox
 * only if that ask drew the same number: one chance in four billion.
 */
final class OutsideIds {
    private static final int ASK_BITS = 32;
    private static final long ASK_MASK = (1L << ASK_BITS) - 1;
    /** The largest inbox number: the id of its inbox must stay a negative long. */
    static final long MAX_INBOX_NUMBER = (1L << (63 - ASK_BITS)) - 1;

    private OutsideIds() {
    }

    /** The id of inbox number {@code number} (1 .. {@link #MAX_INBOX_NUMBER}). */
    static long inbox(long number) {
        if (number < 1 || number > MAX_INBOX_NUMBER) {
            throw new IllegalStateException("inbox number " + number + " is out of 1.." + MAX_INBOX_NUMBER);
        }
        return -(number << ASK_BITS);
    }

    /** The id of an ask of inbox {@code inboxId} numbered by the low 32 bits of {@code bits}, 0 counting as 1. */
    static long ask(long inboxId, long bits) {
        long askNumber = bits & ASK_MASK;
        return inboxId - (askNumber == 0 ? 1 : askNumber);
    }

    /** Whether {@code id} names an inbox (rather than an ask or an actor). */
    static boolean isInbox(long id) {
        return id < 0 && (-id & ASK_MASK) == 0;
    }

    /** Whether {@code id} names an ask (rather than an inbox or an actor). */
    static boolean isAsk(long id) {
        return id < 0 && (-id & ASK_MASK) != 0;
    }

    /** The inbox the ask {@code askId} was made from. */
    static long inboxOf(long askId) {
        return -(-askId & ~ASK_MASK);
    }
}
