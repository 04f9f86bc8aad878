package io.thespis.internal.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The built-in Source Authority: a jar is valid only if every entry is signed by a certificate of a trust store.
 * Each entry is read to its end before its signers are asked for, since that is when the JDK checks its digest
 * against the signed manifest; an entry the signature does not cover (added after signing), a digest that does
 * not match (tampered), or a signer outside the trust store refuses the whole jar.
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

    /** Why {@code jar} is refused, or empty when every entry is signed by a trusted certificate. */
    public Optional<String> refusal(byte[] jar) {
        int signedEntries = 0;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            if (in.getManifest() == null) {
                return Optional.of("the jar has no manifest, so it is not signed");
            }
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                in.transferTo(OutputStream.nullOutputStream());
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    return Optional.of("entry " + entry.getName() + " is not signed (unsigned jar, or an entry added "
                            + "after signing)");
                }
                if (!signedByTrusted(signers)) {
                    return Optional.of("entry " + entry.getName() + " is signed by " + subjects(signers)
                            + ", which is not in " + trustStore);
                }
                signedEntries++;
            }
        } catch (SecurityException e) {
            return Optional.of("a signature does not match the content (tampered jar): " + e.getMessage());
        } catch (IOException e) {
            return Optional.of("the jar cannot be read: " + e.getMessage());
        }
        return signedEntries == 0 ? Optional.of("the jar has no signed entries") : Optional.empty();
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
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
