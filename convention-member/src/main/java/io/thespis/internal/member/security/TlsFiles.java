package io.thespis.internal.member.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The three PEM files one end of a mutual-TLS connection needs, as {@code thespis certs} writes them.
 *
 * @param certificateChain this end's certificate, then the CA chain ({@code <name>.crt})
 * @param privateKey this end's PKCS#8 private key ({@code <name>.key})
 * @param trustedCa the Convention CA's certificate(s): the only issuers this end trusts ({@code ca.crt}); several may
 *                  be listed while a CA is replaced
 */
public record TlsFiles(Path certificateChain, Path privateKey, Path trustedCa) {
    /** Checks that no file is missing. */
    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(trustedCa, "trustedCa");
    }

    /** The files {@code thespis certs} writes for {@code name} into {@code directory}. */
    public static TlsFiles in(Path directory, String name) {
        return new TlsFiles(directory.resolve(name + ".crt"), directory.resolve(name + ".key"),
                directory.resolve(ConventionCa.CERTIFICATE_FILE));
    }

    /**
     * Checks that every file exists and can be read.
     *
     * @return this
     * @throws IllegalArgumentException naming the first file that is missing, a directory or unreadable
     */
    public TlsFiles check() {
        check("certificate chain", certificateChain);
        check("private key", privateKey);
        check("trusted CA", trustedCa);
        return this;
    }

    private static void check(String what, Path file) {
        String problem = !Files.exists(file) ? "no such file"
                : Files.isDirectory(file) ? "is a directory, not a PEM file"
                : !Files.isReadable(file) ? "not readable by this process" : null;
        if (problem != null) {
            throw new IllegalArgumentException("TLS " + what + " " + file + ": " + problem);
        }
    }
}
