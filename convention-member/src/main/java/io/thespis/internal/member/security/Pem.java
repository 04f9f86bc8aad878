package io.thespis.internal.member.security;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * PEM files: X.509 certificates and PKCS#8 private keys. Files are written whole or not at all (a temporary file
 * renamed over the old one), so a process reloading them never reads half a file; keys are readable by their owner
 * only where the file system has POSIX permissions.
 */
final class Pem {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** Writes {@code certificates}, in order, to {@code file}. */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode certificate "
                        + certificate.getSubjectX500Principal().getName(), e);
            }
        }
        write(file, text.toString(), WORLD_READABLE);
    }

    /** Writes {@code key} to {@code file} as unencrypted PKCS#8, readable by the owner only. */
    static void writePrivateKey(Path file, PrivateKey key) {
        write(file, block("PRIVATE KEY", key.getEncoded()), OWNER_ONLY);
    }

    /**
     * The certificates in {@code file}, in order.
     *
     * @throws IllegalArgumentException naming the file when it holds none or one is malformed
     */
    static List<X509Certificate> readCertificates(Path file) {
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(file))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + ": no PEM certificate in it");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not PEM certificates: " + e.getMessage(), e);
        }
    }

    /**
     * The private key in {@code file}: PKCS#8 ({@code PRIVATE KEY}) or the traditional {@code EC}/{@code RSA} forms.
     *
     * @throws IllegalArgumentException naming the file when it holds no unencrypted private key
     */
    static PrivateKey readPrivateKey(Path file) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(new String(read(file), StandardCharsets.ISO_8859_1)))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a PEM private key: " + e.getMessage(), e);
        }
        PrivateKeyInfo info = object instanceof PrivateKeyInfo key ? key
                : object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : null;
        if (info == null) {
            throw new IllegalArgumentException(file + ": no unencrypted PEM private key in it"
                    + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException e) {
            throw new IllegalArgumentException(file + ": unusable private key: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text, Set<PosixFilePermission> permissions) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            FileAttribute<?>[] attributes = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", attributes);
            try {
                Files.writeString(temporary, text, StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }
}
