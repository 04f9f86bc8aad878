package io.thespis.internal.member.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One subject alternative name of a certificate, of the kinds Thespis writes and reads. */
record SubjectAltName(Kind kind, String value) {
    /** The kinds of name Thespis uses, with their numbers in {@link X509Certificate#getSubjectAlternativeNames()}. */
    enum Kind {
        DNS(2), IP(7), URI(6);

        private final int tag;

        Kind(int tag) {
            this.tag = tag;
        }
    }

    /** The names of {@code certificate} of the kinds Thespis uses, in the certificate's order. */
    static List<SubjectAltName> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal().getName()
                    + ": unreadable subject alternative names: " + e.getMessage(), e);
        }
        List<SubjectAltName> result = new ArrayList<>();
        if (names == null) {
            return result;
        }
        for (List<?> name : names) {
            for (Kind kind : Kind.values()) {
                if (kind.tag == (Integer) name.get(0) && name.get(1) instanceof String value) {
                    result.add(new SubjectAltName(kind, value));
                }
            }
        }
        return result;
    }

    /** As OpenSSL prints it: {@code DNS:db.example.com}, {@code IP:10.0.0.2}, {@code URI:urn:...}. */
    @Override
    public String toString() {
        return kind + ":" + value;
    }
}
