package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate the {@link ConventionCa} issued, with its private key.
 *
 * @param name the holder's name, also the base of its file names
 * @param certificate the certificate
 * @param privateKey its private key
 * @param ca the certificate of the CA that issued it
 */
public record IssuedCertificate(String name, X509Certificate certificate, PrivateKey privateKey, X509Certificate ca) {
    /** The certificate, then the CA's: what this holder presents in a handshake. */
    public List<X509Certificate> chain() {
        return List.of(certificate, ca);
    }

    /** Who a peer holding this certificate is, as the other end of a connection reads it. */
    public PeerIdentity identity() {
        return PeerIdentity.of(certificate);
    }

    /** The subject alternative names, as OpenSSL prints them ({@code IP:10.0.0.2}, {@code URI:urn:...}). */
    public List<String> subjectAlternativeNames() {
        return SubjectAltName.of(certificate).stream().map(SubjectAltName::toString).toList();
    }

    /**
     * Writes {@code <name>.crt} (the {@link #chain()}), {@code <name>.key} (PKCS#8, owner-only) and
     * {@value ConventionCa#CERTIFICATE_FILE} (the CA, to trust) into {@code directory}; an existing trust file that
     * already lists this CA is left as it is, so one that lists an outgoing CA too keeps it. Replacing the
     * certificate files of a running process is a rotation: it takes them up for new connections.
     *
     * @return the files, as a process that uses them names them
     * @throws java.io.UncheckedIOException when a file cannot be written
     */
    public TlsSettings writeTo(Path directory) {
        TlsSettings files = TlsSettings.in(directory, name);
        Pem.writePrivateKey(files.privateKey(), privateKey);
        Pem.writeCertificates(files.certificateChain(), chain());
        if (!Files.isRegularFile(files.trustedCa()) || !trusts(files.trustedCa())) {
            Pem.writeCertificates(files.trustedCa(), List.of(ca));
        }
        return files;
    }

    private boolean trusts(Path trustFile) {
        try {
            return Pem.readCertificates(trustFile).contains(ca);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
