package io.thespis.internal.member.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading who a peer is from its certificate, and matching a member's hosts. */
class PeerIdentityTest {
    private final ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, new FakeClock());

    @Test
    void aMemberCoversTheHostsItsCertificateNamesInAnySpellingAndNoOthers() {
        PeerIdentity member = ca.issue(Role.MEMBER, "m", List.of("10.0.0.2", "db.example.com", "::1"),
                Duration.ofDays(1)).identity();
        for (String host : List.of("10.0.0.2", "DB.example.COM", "db.example.com.", "::1", "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertTrue(member.coversHost(host), host);
        }
        for (String host : List.of("10.0.0.20", "10.0.0.3", "example.com", "x.db.example.com", "::2", "", "a b",
                "127.0.0.1")) {
            assertFalse(member.coversHost(host), host);
        }
        assertEquals("member m (10.0.0.2, db.example.com, 0:0:0:0:0:0:0:1)", member.toString());
        assertEquals(Optional.of(Role.MEMBER), member.role());
    }

    @Test
    void aDnsNameDoesNotCoverTheAddressItResolvesTo() {
        PeerIdentity member = ca.issue(Role.MEMBER, "m", List.of("localhost"), Duration.ofDays(1)).identity();
        assertTrue(member.coversHost("localhost"));
        assertFalse(member.coversHost("127.0.0.1"), "identities are compared, never resolved");
    }

    @Test
    void aPeerWithoutAUsableRoleHasNoneAndSaysWhy() throws Exception {
        assertNoRole("no Thespis role: the connection is not TLS", PeerIdentity.of((javax.net.ssl.SSLSession) null));
        assertNoRole("no Thespis role: certificate CN=stranger holds no urn:thespis:role:... URI",
                PeerIdentity.of(certificate("urn:thespis:name:stranger")));
        assertNoRole("no Thespis role: certificate CN=stranger holds the unknown role 'admin'",
                PeerIdentity.of(certificate("urn:thespis:role:admin")));
        assertNoRole("no Thespis role: certificate CN=stranger holds 2 roles [operator, member]",
                PeerIdentity.of(certificate("urn:thespis:role:operator", "urn:thespis:role:member")));
        assertNoRole("no Thespis role: certificate CN=stranger holds no urn:thespis:role:... URI",
                PeerIdentity.of(certificate()));
    }

    @Test
    void aRoleWithoutANameIsNamedByItsSubject() throws Exception {
        PeerIdentity operator = PeerIdentity.of(certificate("urn:thespis:role:operator"));
        assertTrue(operator.hasRole(Role.OPERATOR));
        assertEquals("", operator.name());
        assertEquals("operator certificate CN=stranger", operator.toString());
    }

    private static void assertNoRole(String description, PeerIdentity identity) {
        assertEquals(Optional.empty(), identity.role());
        for (Role role : Role.values()) {
            assertFalse(identity.hasRole(role));
        }
        assertEquals(description, identity.toString());
    }

    /** A self-signed certificate for CN=stranger with the given SAN URIs (none: no SAN extension at all). */
    private static X509Certificate certificate(String... uris) throws Exception {
        KeyPair pair = KeyPairs.generate();
        X500Name subject = new X500Name("CN=stranger");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        if (uris.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(uris)
                    .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri))
                    .toArray(GeneralName[]::new)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
