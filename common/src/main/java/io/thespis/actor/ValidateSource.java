package io.thespis.actor;

/**
 * Sent to the Source Authority (the actor that called {@link Actor#registerSourceAuthority()}) for every loaded
 * source; the authority answers with {@link ValidatedSource}.
 *
 * @param sourceHash the SHA-256 of the source, in lower-case hex
 * @param sourceData the bytes of the source (a jar)
 */
public record ValidateSource(String sourceHash, byte[] sourceData) implements ActorSystemMessage {
}
