package io.thespis.benchmarks.remote;

import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.IssuedCertificate;
import io.thespis.internal.member.security.Role;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The key material of the TLS figures, from a throwaway Convention CA, in a temporary directory that
 * {@link #close()} deletes. The driver ({@link #DRIVER}) and the other JVM ({@link #NODE}) each get a member
 * certificate for 127.0.0.1 (EC P-256, signed ECDSA-SHA256), written twice: as PEM files for Thespis
 * ({@code NAME.crt}, {@code NAME.key}, {@code ca.crt}) and as PKCS12 stores for Pekko ({@code NAME.p12} with the
 * key and its chain, {@code ca.p12} with the CA to trust), so both platforms handshake with the same keys.
 */
final class BenchmarkCertificates implements AutoCloseable {
    /** The driver's certificate name. */
    static final String DRIVER = "driver";
    /** The other JVM's certificate name. */
    static final String NODE = "node";
    /** The PKCS12 stores' password: they hold only this throwaway CA's keys, deleted after the run. */
    static final String STORE_PASSWORD = "benchmark";
    private static final String TRUST_STORE = "ca.p12";
    private static final String HOST = "127.0.0.1";

    private final Path directory;

    private BenchmarkCertificates(Path directory) {
        this.directory = directory;
    }

    /** A new CA and both certificates, in a new temporary directory. */
    static BenchmarkCertificates create() throws IOException, GeneralSecurityException {
        BenchmarkCertificates files = new BenchmarkCertificates(Files.createTempDirectory("thespis-bench-tls"));
        try {
            ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
            for (String name : List.of(DRIVER, NODE)) {
                IssuedCertificate issued = ca.issue(Role.MEMBER, name, List.of(HOST), ConventionCa.DEFAULT_VALIDITY);
                issued.writeTo(files.directory);
                KeyStore keys = emptyStore();
                keys.setKeyEntry(name, issued.privateKey(), STORE_PASSWORD.toCharArray(),
                        issued.chain().toArray(Certificate[]::new));
                write(keys, keyStore(files.directory, name));
            }
            KeyStore trusted = emptyStore();
            trusted.setCertificateEntry("ca", ca.certificate());
            write(trusted, trustStore(files.directory));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    /** The directory of every file, as {@code tls(directory, name)} and {@code --tls-dir} take it. */
    Path directory() {
        return directory;
    }

    /** The PKCS12 key store of {@code name} in {@code directory}. */
    static Path keyStore(Path directory, String name) {
        return directory.resolve(name + ".p12");
    }

    /** The PKCS12 trust store in {@code directory}: the CA only. */
    static Path trustStore(Path directory) {
        return directory.resolve(TRUST_STORE);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
