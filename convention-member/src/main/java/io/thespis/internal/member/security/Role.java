package io.thespis.internal.member.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a certificate lets its holder do in a Convention. The role is written into the certificate as the subject
 * alternative name URI {@code urn:thespis:role:<member|operator|observer>}, so it is bound to the key by the
 * Convention CA's signature and cannot be claimed by a peer that does not hold such a certificate.
 */
public enum Role {
    /** A member of the Convention: serves and dials other members; its identity is its advertised host. */
    MEMBER,
    /** A person or tool that runs the Convention: may change it (create actors, load sources, ...). */
    OPERATOR,
    /** A person or tool that only looks: may read status, never change anything. */
    OBSERVER;

    /** How every role URI begins. */
    public static final String URI_PREFIX = "urn:thespis:role:";

    /** The role's lower-case name, as written in its URI and printed to operators. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The subject alternative name URI that carries this role. */
    public String uri() {
        return URI_PREFIX + label();
    }

    /** The role whose {@link #label()} is {@code label}, if any. */
    static Optional<Role> ofLabel(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
