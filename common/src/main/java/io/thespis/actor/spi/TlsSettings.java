package io.thespis.actor.spi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PEM files of one end of Thespis' mutual TLS, as {@code thespis certs} writes them: this end's certificate
 * chain and private key, and the Convention CA it trusts.
 *
 * @param certificateChain this end's certificate, then the CA chain ({@code NAME.crt})
 * @param privateKey       this end's PKCS#8 private key ({@code NAME.key})
 * @param trustedCa        the Convention CA's certificate(s), the only issuers trusted ({@code ca.crt})
 */
public record TlsSettings(Path certificateChain, Path privateKey, Path trustedCa) {
    /** The CA certificate's file name in a directory {@code thespis certs} wrote. */
    public static final String CA_FILE = "ca.crt";

    /** Refuses a missing path, naming it. */
    public TlsSettings {
        if (certificateChain == null || privateKey == null || trustedCa == null) {
            throw new IllegalArgumentException("TLS needs a certificate chain, a private key and a trusted CA, got "
                    + certificateChain + ", " + privateKey + " and " + trustedCa);
        }
    }

    /** The files of {@code name} in {@code directory}: {@code NAME.crt}, {@code NAME.key} and {@code ca.crt}. */
    public static TlsSettings in(Path directory, String name) {
        if (directory == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("TLS needs the directory thespis certs wrote and a certificate name, "
                    + "got " + directory + " and '" + name + "'");
        }
        return new TlsSettings(directory.resolve(name + ".crt"), directory.resolve(name + ".key"),
                directory.resolve(CA_FILE));
    }

    /**
     * Checks that every file exists and can be read.
     *
     * @return this
     * @throws IllegalArgumentException naming the first file that is missing, a directory or unreadable
     */
    public TlsSettings check() {
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
