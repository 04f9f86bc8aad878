package io.thespis.actor.spi;

import java.nio.file.Path;

/**
 * How a system accepts loaded actor sources (jars given to {@link io.thespis.actor.ActorSystem#loadActorSource}).
 *
 * @param trustStore         the trust store of the built-in signed-jar Source Authority, or {@code null} for none
 * @param trustStorePassword the trust store's password, or {@code null} to read its certificates unchecked
 * @param allowUnvalidated   accept sources that no Source Authority validated: for development, and only on a
 *                           system that no other host can reach
 * @param maxSourceBytes     the largest source accepted, in bytes
 */
public record SourceSettings(Path trustStore, String trustStorePassword, boolean allowUnvalidated,
                             long maxSourceBytes) {
    /** The largest source accepted when none is configured: 64 MiB. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 64L * 1024 * 1024;
    /** No built-in authority, unvalidated sources refused, 64 MiB. */
    public static final SourceSettings DEFAULTS = new SourceSettings(null, null, false, DEFAULT_MAX_SOURCE_BYTES);

    /** The largest limit that may be configured: 1 GiB. */
    public static final long MAX_SOURCE_BYTES_LIMIT = 1024L * 1024 * 1024;

    /** Checks the size limit. */
    public SourceSettings {
        if (maxSourceBytes < 1 || maxSourceBytes > MAX_SOURCE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxSourceBytes must be 1.." + MAX_SOURCE_BYTES_LIMIT + ", got "
                    + maxSourceBytes);
        }
    }
}
