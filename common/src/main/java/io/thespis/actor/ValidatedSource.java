package io.thespis.actor;

/**
 * The Source Authority's verdict on a loaded source; a source is usable only once found valid.
 *
 * @param sourceHash the SHA-256 of the source, in lower-case hex
 * @param valid      whether actors may be created from it
 * @param reason     why it was refused, or a short note when accepted
 */
public record ValidatedSource(String sourceHash, boolean valid, String reason) implements ActorSystemMessage {
}
