package io.thespis.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in Source Authority: a jar is valid only if every entry but its signature files is signed by a
 * certificate of a trust store. The signers are those {@link SourceJar#read} verified while reading each entry's
 * bytes: a digest that does not match the signed manifest (tampered) refuses the jar there already; an entry the
 * signature does not cover (added after signing, or under {@code META-INF/SIG-*}), or one signed only by a
 * signer outside the trust store, refuses the whole jar, naming the entry.
 */
public final class SignedJarAuthority {
    private final Path trustStore;
    private final List<Certificate> trusted;

    private SignedJarAuthority(Path trustStore, List<Certificate> trusted) {
        this.trustStore = trustStore;
        this.trusted = trusted;
    }

    /**
     * Reads the trusted certificates of {@code trustStore} (PKCS12 or JKS).
     *
     * @param password the store's password, or {@code null} to read its certificates without checking integrity
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static SignedJarAuthority fromTrustStore(Path trustStore, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(trustStore.toString().toLowerCase(Locale.ROOT).endsWith(".jks")
                    ? "JKS" : "PKCS12");
            store.load(in, password);
            List<Certificate> certificates = new ArrayList<>();
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                Certificate certificate = store.getCertificate(aliases.nextElement());
                if (certificate != null) {
                    certificates.add(certificate);
                }
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("source truststore " + trustStore + " holds no certificate; "
                        + "add the signer's with keytool -importcert");
            }
            return new SignedJarAuthority(trustStore, List.copyOf(certificates));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read source truststore " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** Who validated a source this authority accepts, as status shows it. */
    public String name() {
        return "signed-jar authority (" + trustStore + ")";
    }

    /**
     * Why {@code jar} is refused, or empty when every entry but the signature files is signed by a trusted
     * certificate. The entries checked are the ones {@code jar} holds, with the signers verified as their bytes
     * were read, so what is accepted here is exactly what its class loader can define.
     */
    public Optional<String> refusal(SourceJar jar) {
        if (!jar.hasManifest()) {
            return Optional.of("the jar has no manifest, so it is not signed");
        }
        int signedEntries = 0;
        for (Map.Entry<String, SourceJar.Entry> entry : new TreeMap<>(jar.entries()).entrySet()) {
            String name = entry.getKey();
            if (isSignatureFile(name)) {
                continue;
            }
            CodeSigner[] signers = entry.getValue().signers();
            if (signers.length == 0) {
                return Optional.of("entry " + name + " is not signed (unsigned jar, or an entry added after signing)");
            }
            if (!signedByTrusted(signers)) {
                return Optional.of("entry " + name + " is signed by " + subjects(signers) + ", which is not in "
                        + trustStore);
            }
            signedEntries++;
        }
        return signedEntries == 0 ? Optional.of("the jar has no signed entries") : Optional.empty();
    }

    /**
     * Whether {@code name} is a signature file the JDK reads to verify the others: a {@code .SF} signature file or
     * its {@code .RSA}, {@code .DSA} or {@code .EC} block, directly in META-INF. The files the jar specification
     * reserves as {@code META-INF/SIG-*} are not: the JDK neither reads nor verifies them, so such an entry is
     * unsigned content and refuses the jar.
     */
    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!SourceJar.isMetaInf(upper) || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC");
    }

    private boolean signedByTrusted(CodeSigner[] signers) {
        for (CodeSigner signer : signers) {
            List<? extends Certificate> chain = signer.getSignerCertPath().getCertificates();
            for (Certificate certificate : chain) {
                if (trusted.contains(certificate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String subjects(CodeSigner[] signers) {
        List<String> subjects = new ArrayList<>();
        for (CodeSigner signer : signers) {
            Certificate first = signer.getSignerCertPath().getCertificates().get(0);
            subjects.add(first instanceof X509Certificate x509
                    ? x509.getSubjectX500Principal().getName() : first.getType());
        }
        return String.join(", ", subjects);
    }
}
