package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Convention's certificate authority: the one issuer every member, operator and observer trusts. It issues
 * member certificates whose subject alternative names hold the member's advertised host(s) (a member's identity is
 * its advertised address) and client certificates for operators and observers; each carries its {@link Role} as
 * the URI {@code urn:thespis:role:<role>} and its name as {@code urn:thespis:name:<name>}.
 *
 * <p>Keys are EC P-256, signatures ECDSA with SHA-256. Certificates start {@link #BACKDATE} before they are made,
 * so hosts whose clocks lag a little accept them at once, and no issued certificate outlives its CA.
 *
 * <pre>{@code
 * ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
 * ca.write(Path.of("pki"), false);                                       // pki/ca.crt, pki/ca.key
 * TlsSettings db = ca.issue(Role.MEMBER, "db", List.of("10.0.0.2"), ConventionCa.DEFAULT_VALIDITY)
 *         .writeTo(Path.of("pki"));                                      // pki/db.crt, pki/db.key, pki/ca.crt
 * }</pre>
 */
public final class ConventionCa {
    /** The CA's certificate in its directory; also the trust file written beside every issued certificate. */
    public static final String CERTIFICATE_FILE = TlsSettings.CA_FILE;
    /** The CA's private key in its directory (PKCS#8, owner-only). */
    public static final String KEY_FILE = "ca.key";
    /** How long a new CA is valid: about ten years. */
    public static final Duration VALIDITY = Duration.ofDays(3650);
    /** How long an issued certificate is valid unless said otherwise: a year. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    /** How long before its making a certificate is already valid, for clocks a little behind. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    /** How every name URI begins. */
    public static final String NAME_URI_PREFIX = "urn:thespis:name:";

    private static final String CA_COMMON_NAME = "Thespis Convention CA";
    private static final String ORGANIZATION = "Thespis Convention";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final InstantSource clock;

    private ConventionCa(X509Certificate certificate, PrivateKey key, InstantSource clock) {
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    /** A new CA with a fresh key, self-signed, valid for {@code validity} from {@code clock}'s now. */
    public static ConventionCa create(Duration validity, InstantSource clock) {
        checkValidity(validity);
        KeyPair pair = KeyPairs.generate();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, CA_COMMON_NAME).build();
        Instant now = clock.instant();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
        return new ConventionCa(sign(builder, pair.getPrivate()), pair.getPrivate(), clock);
    }

    /**
     * The CA kept in {@code directory} ({@value #CERTIFICATE_FILE} and {@value #KEY_FILE}), issuing with
     * {@code clock}'s time.
     *
     * @throws IllegalArgumentException naming the file that is missing or malformed, a certificate that is not a CA's,
     *                                  or a key that is not the certificate's
     */
    public static ConventionCa load(Path directory, InstantSource clock) {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        for (Path file : List.of(certificateFile, keyFile)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(directory + " holds no Convention CA: " + file + " is missing");
            }
        }
        X509Certificate certificate = Pem.readCertificates(certificateFile).get(0);
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(certificateFile + ": " + certificate.getSubjectX500Principal().getName()
                    + " is not a CA certificate");
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);
        KeyPairs.checkMatch(key, certificate, keyFile);
        return new ConventionCa(certificate, key, clock);
    }

    /** The CA's certificate: what every party trusts. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Writes the CA into {@code directory}: {@value #CERTIFICATE_FILE}, and {@value #KEY_FILE} readable by its owner
     * only. Replacing a CA makes every certificate the old one issued untrusted, so it is refused unless asked for.
     *
     * @return the files written
     * @throws IllegalArgumentException when {@code directory} already holds a CA and {@code replace} is false
     * @throws java.io.UncheckedIOException when a file cannot be written
     */
    public List<Path> write(Path directory, boolean replace) {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        if (!replace) {
            for (Path file : List.of(certificateFile, keyFile)) {
                if (Files.exists(file)) {
                    throw new IllegalArgumentException(directory + " already holds a Convention CA (" + file
                            + "); replacing it would make every certificate it issued untrusted");
                }
            }
        }
        Pem.writePrivateKey(keyFile, key);
        Pem.writeCertificates(certificateFile, List.of(certificate));
        return List.of(certificateFile, keyFile);
    }

    /**
     * Issues a certificate with a fresh key.
     *
     * @param role what its holder may do
     * @param name the holder's name: letters, digits, {@code .}, {@code _} and {@code -}, at most 64, not {@code ca};
     *             also the base of its file names
     * @param hosts for a {@link Role#MEMBER}, its advertised host(s) (IP addresses or DNS names), at least one; none
     *              for other roles
     * @param validity how long it is valid, cut to the CA's own end of validity
     * @throws IllegalArgumentException naming a bad name, host or validity
     */
    public IssuedCertificate issue(Role role, String name, List<String> hosts, Duration validity) {
        Objects.requireNonNull(role, "role");
        Set<String> canonicalHosts = new LinkedHashSet<>();
        hosts.forEach(host -> canonicalHosts.add(Hosts.canonical(host)));
        checkName(name);
        checkValidity(validity);
        if (role == Role.MEMBER && canonicalHosts.isEmpty()) {
            throw new IllegalArgumentException("a member certificate needs the member's advertised host(s)");
        }
        if (role != Role.MEMBER && !canonicalHosts.isEmpty()) {
            throw new IllegalArgumentException("an " + role.label() + " certificate names no hosts, only a member's "
                    + "does (got " + String.join(", ", canonicalHosts) + ")");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : canonicalHosts) {
            names.add(new GeneralName(Hosts.ipLiteral(host).isPresent() ? GeneralName.iPAddress : GeneralName.dNSName,
                    host));
        }
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, role.uri()));
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, NAME_URI_PREFIX + name));

        KeyPair pair = KeyPairs.generate();
        Instant now = clock.instant();
        Date notAfter = Date.from(now.plus(validity));
        if (notAfter.after(certificate.getNotAfter())) {
            notAfter = certificate.getNotAfter();
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, role.label()).addRDN(BCStyle.CN, name).build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(),
                Date.from(now.minus(BACKDATE)), notAfter, subject, pair.getPublic());
        KeyPurposeId[] purposes = role == Role.MEMBER
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a certificate for " + name, e);
        }
        return new IssuedCertificate(name, sign(builder, key), pair.getPrivate(), certificate);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("ca")) {
            throw new IllegalArgumentException("name '" + name + "' is not usable: use 1 to 64 letters, digits, '.', "
                    + "'_' and '-', starting with a letter, digit or '_', and not 'ca' (it names files)");
        }
    }

    private static void checkValidity(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
    }

    /** A random positive serial number of 159 bits, the most RFC 5280's 20 octets allow without sign trouble. */
    private static BigInteger serialNumber() {
        return new BigInteger(159, KeyPairs.RANDOM).setBit(0);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(signer)).build(signer)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }
}
