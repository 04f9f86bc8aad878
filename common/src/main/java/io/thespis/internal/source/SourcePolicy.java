package io.thespis.internal.source;

import io.thespis.actor.spi.SourceSettings;

/**
 * What a system requires of a source before it is usable: the built-in signed-jar authority (when a trust store
 * is configured), whether unvalidated sources are accepted, and the size limit.
 *
 * @param signedJarAuthority the built-in authority, or {@code null}
 * @param allowUnvalidated   whether a source no authority validated is accepted
 * @param maxSourceBytes     the largest source accepted
 */
public record SourcePolicy(SignedJarAuthority signedJarAuthority, boolean allowUnvalidated, long maxSourceBytes) {
    /** The policy of {@code settings}, with its trust store read now so that a bad one fails at start. */
    public static SourcePolicy of(SourceSettings settings) {
        SignedJarAuthority authority = settings.trustStore() == null ? null
                : SignedJarAuthority.fromTrustStore(settings.trustStore(),
                settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray());
        return new SourcePolicy(authority, settings.allowUnvalidated(), settings.maxSourceBytes());
    }
}
