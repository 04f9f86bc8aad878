package io.thespis.internal.source;

import java.time.Instant;

/**
 * A source a system holds and may create actors from.
 *
 * @param loader      the class loader of its classes
 * @param validatedBy who validated it, as status shows it
 * @param loadedAt    when this system admitted it
 */
public record LoadedSource(SourceClassLoader loader, String validatedBy, Instant loadedAt) {
    /** The source's SHA-256, in lower-case hex. */
    public String hash() {
        return loader.sourceHash();
    }

    /** The jar's size in bytes. */
    public long size() {
        return loader.jar().size();
    }
}
