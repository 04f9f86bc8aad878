package io.thespis.internal.rules;

/**
 * Whether one system may host one actor class, and if not, why.
 *
 * @param eligible whether every requirement held
 * @param reason   {@code null} when eligible; else a phrase that reads after a count, such as
 *                 {@code lack "Has DB access"}
 */
public record Verdict(boolean eligible, String reason) {
    /** The verdict of a system that qualifies. */
    public static final Verdict ELIGIBLE = new Verdict(true, null);

    /** A refusal for {@code reason}. */
    public static Verdict refused(String reason) {
        return new Verdict(false, reason);
    }
}
