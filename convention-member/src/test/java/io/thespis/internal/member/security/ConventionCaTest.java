package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Making the Convention CA and issuing from it: what the certificates hold, the files, and the mistakes refused. */
class ConventionCaTest {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock();

    @Test
    void theCaIsASelfSignedP256AuthorityForTenYears() throws Exception {
        X509Certificate ca = ConventionCa.create(ConventionCa.VALIDITY, clock).certificate();
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals(0, ca.getBasicConstraints(), "a CA that issues only end-entity certificates");
        assertTrue(ca.getKeyUsage()[5] && ca.getKeyUsage()[6], "keyCertSign and cRLSign");
        assertEquals(256, ((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals(Date.from(clock.instant().minus(ConventionCa.BACKDATE)), ca.getNotBefore());
        assertEquals(Date.from(clock.instant().plus(Duration.ofDays(3650))), ca.getNotAfter());
    }

    @Test
    void aMemberCertificateHoldsItsHostsRoleAndNameAndChainsToTheCa() throws Exception {
        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        IssuedCertificate db = ca.issue(Role.MEMBER, "db", List.of("10.0.0.2", "DB.Example.com.", "::1", "10.0.0.2"),
                Duration.ofDays(30));
        X509Certificate certificate = db.certificate();

        assertEquals(List.of("IP:10.0.0.2", "DNS:db.example.com", "IP:0:0:0:0:0:0:0:1", "URI:urn:thespis:role:member",
                "URI:urn:thespis:name:db"), db.subjectAlternativeNames());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(),
                "a member serves and dials");
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals("CN=db,OU=member,O=Thespis Convention", certificate.getSubjectX500Principal().getName());
        assertEquals(Date.from(clock.instant().plus(Duration.ofDays(30))), certificate.getNotAfter());
        validate(certificate, ca.certificate(), clock.instant());

        PeerIdentity identity = db.identity();
        assertTrue(identity.hasRole(Role.MEMBER));
        assertEquals("db", identity.name());
        assertEquals(List.of("10.0.0.2", "db.example.com", "0:0:0:0:0:0:0:1"), identity.hosts());
    }

    private static void validate(X509Certificate certificate, X509Certificate ca, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(certificate)), parameters);
    }

    @Test
    void clientCertificatesAreForClientsOnlyAndNoCertificateOutlivesItsCa() throws Exception {
        ConventionCa ca = ConventionCa.create(Duration.ofDays(10), clock);
        IssuedCertificate alice = ca.issue(Role.OPERATOR, "alice", List.of(), ConventionCa.DEFAULT_VALIDITY);
        assertEquals(List.of("URI:urn:thespis:role:operator", "URI:urn:thespis:name:alice"),
                alice.subjectAlternativeNames());
        assertEquals(ca.certificate().getNotAfter(), alice.certificate().getNotAfter());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), alice.certificate().getExtendedKeyUsage());
        assertEquals("observer bob", ca.issue(Role.OBSERVER, "bob", List.of(), Duration.ofDays(1)).identity()
                .toString());
    }

    @Test
    void theFilesAreWrittenAsProcessesReadThem() throws Exception {
        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        assertEquals(List.of(dir.resolve("ca.crt"), dir.resolve("ca.key")), ca.write(dir, false));
        IssuedCertificate alice = ca.issue(Role.OPERATOR, "alice", List.of(), Duration.ofDays(1));
        TlsSettings files = alice.writeTo(dir.resolve("alice"));

        assertEquals(TlsSettings.in(dir.resolve("alice"), "alice"), files.check());
        assertEquals(alice.chain(), Pem.readCertificates(files.certificateChain()));
        assertEquals(alice.privateKey(), Pem.readPrivateKey(files.privateKey()));
        assertEquals(List.of(ca.certificate()), Pem.readCertificates(files.trustedCa()));
        assertTrue(Files.readString(files.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8");
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(files.certificateChain())));
    }

    @Test
    void aTrustFileThatAlreadyListsTheCaIsLeftAsItIs() {
        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        ConventionCa outgoing = ConventionCa.create(ConventionCa.VALIDITY, clock);
        Pem.writeCertificates(dir.resolve("ca.crt"), List.of(outgoing.certificate(), ca.certificate()));
        ca.issue(Role.MEMBER, "m1", List.of("127.0.0.1"), Duration.ofDays(1)).writeTo(dir);
        assertEquals(List.of(outgoing.certificate(), ca.certificate()), Pem.readCertificates(dir.resolve("ca.crt")));

        Pem.writeCertificates(dir.resolve("ca.crt"), List.of(outgoing.certificate()));
        ca.issue(Role.MEMBER, "m1", List.of("127.0.0.1"), Duration.ofDays(1)).writeTo(dir);
        assertEquals(List.of(ca.certificate()), Pem.readCertificates(dir.resolve("ca.crt")));
    }

    @Test
    void aWrittenCaLoadsBackAndIsNotReplacedUnlessAsked() {
        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        ca.write(dir, false);
        ConventionCa loaded = ConventionCa.load(dir, clock);
        assertEquals(ca.certificate(), loaded.certificate());
        X509Certificate issued = loaded.issue(Role.OBSERVER, "bob", List.of(), Duration.ofDays(1)).certificate();
        assertEquals(ca.certificate().getSubjectX500Principal(), issued.getIssuerX500Principal());

        ConventionCa other = ConventionCa.create(ConventionCa.VALIDITY, clock);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> other.write(dir, false));
        assertTrue(refused.getMessage().startsWith(dir + " already holds a Convention CA"), refused.getMessage());
        assertEquals(ca.certificate(), ConventionCa.load(dir, clock).certificate());
        other.write(dir, true);
        assertEquals(other.certificate(), ConventionCa.load(dir, clock).certificate());
    }

    @Test
    void aDirectoryWithoutAUsableCaIsNamed() {
        assertEquals(dir + " holds no Convention CA: " + dir.resolve("ca.crt") + " is missing",
                assertThrows(IllegalArgumentException.class, () -> ConventionCa.load(dir, clock)).getMessage());

        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        ca.write(dir, false);
        Pem.writePrivateKey(dir.resolve("ca.key"), ca.issue(Role.OBSERVER, "x", List.of(), Duration.ofDays(1))
                .privateKey());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConventionCa.load(dir, clock)).getMessage()
                .contains("does not belong to certificate"));

        Path leaf = dir.resolve("leaf");
        IssuedCertificate bob = ca.issue(Role.OBSERVER, "bob", List.of(), Duration.ofDays(1));
        Pem.writeCertificates(leaf.resolve("ca.crt"), List.of(bob.certificate()));
        Pem.writePrivateKey(leaf.resolve("ca.key"), bob.privateKey());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConventionCa.load(leaf, clock)).getMessage()
                .endsWith("is not a CA certificate"));
    }

    @Test
    void badNamesHostsRolesAndValiditiesAreRefusedByValue() {
        ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, clock);
        Duration day = Duration.ofDays(1);
        for (String name : List.of("", "ca", "a/b", ".hidden", "-rf", "x".repeat(65), "é")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ca.issue(Role.OPERATOR, name, List.of(), day));
            assertTrue(refused.getMessage().startsWith("name '" + name + "' is not usable"), refused.getMessage());
        }
        for (String host : List.of("a b", "300.1.2.3.", "-db.example", "db..example", "::1%lo", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ca.issue(Role.MEMBER, "m", List.of(host), day));
            assertTrue(refused.getMessage().startsWith("host '" + host + "' is neither"), refused.getMessage());
        }
        assertEquals("a member certificate needs the member's advertised host(s)", assertThrows(
                IllegalArgumentException.class, () -> ca.issue(Role.MEMBER, "m", List.of(), day)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ca.issue(Role.OBSERVER, "bob", List.of("10.0.0.1"), day)).getMessage()
                .startsWith("an observer certificate names no hosts"));
        assertEquals("validity must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> ca.issue(Role.OPERATOR, "alice", List.of(), Duration.ZERO)).getMessage());
    }
}
