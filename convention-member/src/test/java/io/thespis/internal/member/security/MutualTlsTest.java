package io.thespis.internal.member.security;

import io.thespis.actor.spi.TlsSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Mutual TLS over real gRPC connections on 127.0.0.1, with both TLS implementations gRPC's Netty transport has: who
 * gets in, what the server sees of them, host checks, and rotation of the files in a running server and client.
 */
class MutualTlsTest {
    private static final Duration RELOAD = Duration.ofSeconds(30);
    private static final Duration YEAR = ConventionCa.DEFAULT_VALIDITY;

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock();
    private ConventionCa ca;
    private TlsSettings member;
    private TlsSettings operator;

    @BeforeEach
    void issue() {
        ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        member = ca.issue(Role.MEMBER, "m1", List.of("127.0.0.1", "localhost"), YEAR).writeTo(dir.resolve("m1"));
        operator = ca.issue(Role.OPERATOR, "alice", List.of(), YEAR).writeTo(dir.resolve("alice"));
    }

    private SslContext server(TlsSettings files, SslProvider provider) {
        assumeTrue(provider != SslProvider.OPENSSL || OpenSsl.isAvailable(), "no OpenSSL (tcnative) on this platform");
        return SslContexts.server(files, RELOAD, clock, provider);
    }

    private SslContext client(TlsSettings files, SslProvider provider) {
        return SslContexts.client(files, RELOAD, clock, provider);
    }

    private static void assertRefused(Runnable call) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void theServerSeesEachClientsRoleAndName(SslProvider provider) throws Exception {
        TlsSettings observer = ca.issue(Role.OBSERVER, "bob", List.of(), YEAR).writeTo(dir.resolve("bob"));
        TlsSettings otherMember = ca.issue(Role.MEMBER, "m2", List.of("10.0.0.2"), YEAR).writeTo(dir.resolve("m2"));
        try (TlsTestServer server = TlsTestServer.start(server(member, provider))) {
            assertEquals("operator alice", TlsTestServer.peer(server.status("127.0.0.1", client(operator, provider))));
            assertEquals("observer bob", TlsTestServer.peer(server.status("127.0.0.1", client(observer, provider))));
            assertEquals("member m2 (10.0.0.2)",
                    TlsTestServer.peer(server.status("localhost", client(otherMember, provider))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aCertificateFromAnotherCaIsRefusedBothWays(SslProvider provider) throws Exception {
        ConventionCa stranger = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        TlsSettings intruder = stranger.issue(Role.OPERATOR, "mallory", List.of(), YEAR).writeTo(dir.resolve("mallory"));
        // Mallory's own certificate, but trusting the Convention CA: only the server's check can stop her.
        TlsSettings intruderTrustingUs = new TlsSettings(intruder.certificateChain(), intruder.privateKey(),
                member.trustedCa());
        TlsSettings fakeServer = stranger.issue(Role.MEMBER, "fake", List.of("127.0.0.1"), YEAR)
                .writeTo(dir.resolve("fake"));
        try (TlsTestServer server = TlsTestServer.start(server(member, provider));
             TlsTestServer impostor = TlsTestServer.start(server(fakeServer, provider))) {
            assertRefused(() -> server.status("127.0.0.1", client(intruderTrustingUs, provider)));
            assertRefused(() -> impostor.status("127.0.0.1", client(operator, provider)));
            assertEquals("operator alice", TlsTestServer.peer(server.status("127.0.0.1", client(operator, provider))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aClientWithoutACertificateIsRefused(SslProvider provider) throws Exception {
        SslContext anonymous = anonymousClient(provider);
        try (TlsTestServer server = TlsTestServer.start(server(member, provider))) {
            assertRefused(() -> server.status("127.0.0.1", anonymous));
        }
    }

    private SslContext anonymousClient(SslProvider provider) throws SSLException {
        return GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient()
                .trustManager(member.trustedCa().toFile()), provider).protocols("TLSv1.3").build();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aServerWhoseCertificateLacksTheDialedHostIsRefused(SslProvider provider) throws Exception {
        TlsSettings elsewhere = ca.issue(Role.MEMBER, "m2", List.of("127.0.0.2"), YEAR).writeTo(dir.resolve("m2"));
        TlsSettings named = ca.issue(Role.MEMBER, "m3", List.of("localhost"), YEAR).writeTo(dir.resolve("m3"));
        try (TlsTestServer server = TlsTestServer.start(server(elsewhere, provider))) {
            assertRefused(() -> server.status("127.0.0.1", client(operator, provider)));
        }
        try (TlsTestServer server = TlsTestServer.start(server(named, provider))) {
            assertRefused(() -> server.status("127.0.0.1", client(operator, provider)));
            assertEquals("operator alice", TlsTestServer.peer(server.status("localhost", client(operator, provider))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void rotatedServerFilesServeNewConnectionsAfterTheReloadInterval(SslProvider provider) throws Exception {
        try (TlsTestServer server = TlsTestServer.start(server(member, provider))) {
            String first = TlsTestServer.served(server.status("127.0.0.1", client(operator, provider)));
            IssuedCertificate rotated = ca.issue(Role.MEMBER, "m1", List.of("127.0.0.1"), YEAR);
            rotated.writeTo(dir.resolve("m1"));
            String next = rotated.certificate().getSerialNumber().toString(16);

            clock.advance(RELOAD.minusMillis(1));
            assertEquals(first, TlsTestServer.served(server.status("127.0.0.1", client(operator, provider))),
                    "the files are not looked at again within the interval");
            clock.advance(Duration.ofMillis(1));
            assertEquals(next, TlsTestServer.served(server.status("127.0.0.1", client(operator, provider))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aRotatedClientCertificateIsPresentedOnNewConnectionsAfterTheReloadInterval(SslProvider provider)
            throws Exception {
        SslContext alice = client(operator, provider);
        try (TlsTestServer server = TlsTestServer.start(server(member, provider))) {
            assertEquals("operator alice", TlsTestServer.peer(server.status("127.0.0.1", alice)));
            ca.issue(Role.OBSERVER, "alice", List.of(), YEAR).writeTo(dir.resolve("alice"));
            clock.advance(RELOAD);
            assertEquals("observer alice", TlsTestServer.peer(server.status("127.0.0.1", alice)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aCaAddedToTheTrustFileIsTrustedAfterTheReloadInterval(SslProvider provider) throws Exception {
        ConventionCa next = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
        TlsSettings carol = next.issue(Role.OPERATOR, "carol", List.of(), YEAR).writeTo(dir.resolve("carol"));
        TlsSettings carolTrustingUs = new TlsSettings(carol.certificateChain(), carol.privateKey(), member.trustedCa());
        try (TlsTestServer server = TlsTestServer.start(server(member, provider))) {
            assertRefused(() -> server.status("127.0.0.1", client(carolTrustingUs, provider)));
            Pem.writeCertificates(member.trustedCa(), List.of(ca.certificate(), next.certificate()));
            clock.advance(RELOAD);
            assertEquals("operator carol", TlsTestServer.peer(server.status("127.0.0.1",
                    client(carolTrustingUs, provider))));
            assertEquals("operator alice", TlsTestServer.peer(server.status("127.0.0.1", client(operator, provider))));
        }
    }
}
