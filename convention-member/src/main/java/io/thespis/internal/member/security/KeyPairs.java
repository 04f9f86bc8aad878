package io.thespis.internal.member.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;

/** Key pairs: making the Convention's (EC P-256), and checking that a key file belongs to a certificate. */
final class KeyPairs {
    /**
     * Keys and serial numbers come from the platform's strong source; unlike timing, nothing here may be made
     * predictable for a test.
     */
    static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CHALLENGE = "thespis key check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {
    }

    /** A fresh EC P-256 key pair. */
    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** The JCA signature algorithm Thespis signs with for {@code key}'s kind. */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm()
                    + " (use EC or RSA)");
        };
    }

    /**
     * Checks that {@code key} is the private half of {@code certificate}'s public key, by signing with one and
     * verifying with the other: a certificate and key from different rotations must never be served together.
     *
     * @throws IllegalArgumentException naming {@code keyFile} when they do not match
     */
    static void checkMatch(PrivateKey key, X509Certificate certificate, Object keyFile) {
        boolean matches;
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm(key));
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(key));
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(CHALLENGE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(keyFile + ": this private key does not belong to certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }
}
