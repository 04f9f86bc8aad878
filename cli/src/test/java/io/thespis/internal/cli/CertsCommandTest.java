package io.thespis.internal.cli;

import io.thespis.actor.spi.TlsSettings;
import io.grpc.StatusRuntimeException;
import io.thespis.internal.member.security.SslContexts;
import io.thespis.internal.member.security.TlsTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.thespis.internal.cli.CommandLineTest.thespis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code thespis certs}: the files it writes are the ones a mutual-TLS server and its clients accept. */
class CertsCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyCertsCommandHasHelp() {
        CommandLineTest.Run certs = thespis("certs");
        assertEquals(0, certs.exitCode());
        assertTrue(thespis("--help").out().contains("certs"));
        for (String command : List.of("ca", "member", "operator", "observer")) {
            assertTrue(certs.out().contains(command), certs.out());
            CommandLineTest.Run help = thespis("certs", command, "--help");
            assertEquals(0, help.exitCode(), command);
            assertTrue(help.out().startsWith("Usage: thespis certs " + command), help.out());
        }
    }

    @Test
    void theCertificatesItIssuesAreAcceptedAndCarryTheirRoles() throws Exception {
        Path ca = dir.resolve("ca");
        CommandLineTest.Run made = thespis("certs", "ca", "--out", ca.toString());
        assertEquals(0, made.exitCode(), made.err());
        assertEquals(List.of("Wrote    " + ca.resolve("ca.crt") + "  (the CA's certificate: trust it everywhere)",
                "         " + ca.resolve("ca.key") + "  (the CA's private key, owner-only: keep it off the members)",
                "Subject  CN=Thespis Convention CA,O=Thespis Convention"), made.out().lines().limit(3).toList());
        assertTrue(made.out().matches("(?s).*\nExpires  \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\n"), made.out());

        Path m1 = dir.resolve("m1");
        CommandLineTest.Run member = thespis("certs", "member", "--ca", ca.toString(), "--host", "127.0.0.1",
                "--host", "LocalHost", "--out", m1.toString());
        assertEquals(0, member.exitCode(), member.err());
        List<String> lines = member.out().lines().toList();
        assertEquals(List.of("Wrote    " + m1.resolve("127.0.0.1.crt") + "  (certificate, then the CA)",
                "         " + m1.resolve("127.0.0.1.key") + "  (private key, owner-only)",
                "         " + m1.resolve("ca.crt") + "  (the Convention CA, to trust)",
                "Role     member",
                "Name     127.0.0.1",
                "SANs     IP:127.0.0.1, DNS:localhost, URI:urn:thespis:role:member, URI:urn:thespis:name:127.0.0.1"),
                lines.subList(0, 6));
        assertTrue(lines.get(6).startsWith("Expires  "), member.out());
        assertTrue(member.out().endsWith("\n"));

        Path people = dir.resolve("people");
        assertEquals(0, thespis("certs", "operator", "--ca", ca.toString(), "--name", "alice", "--out",
                people.toString()).exitCode());
        CommandLineTest.Run observer = thespis("certs", "observer", "--ca", ca.toString(), "--name", "bob", "--out",
                people.toString(), "--days", "7");
        assertEquals(0, observer.exitCode(), observer.err());
        assertTrue(observer.out().contains("\nRole     observer\nName     bob\n"
                + "SANs     URI:urn:thespis:role:observer, URI:urn:thespis:name:bob\n"), observer.out());

        try (TlsTestServer server = TlsTestServer.start(SslContexts.server(TlsSettings.in(m1, "127.0.0.1")))) {
            assertEquals("operator alice", TlsTestServer.peer(server.status("127.0.0.1",
                    SslContexts.client(TlsSettings.in(people, "alice")))));
            assertEquals("observer bob", TlsTestServer.peer(server.status("localhost",
                    SslContexts.client(TlsSettings.in(people, "bob")))));
            assertEquals("member 127.0.0.1 (127.0.0.1, localhost)", TlsTestServer.peer(server.status("127.0.0.1",
                    SslContexts.client(TlsSettings.in(m1, "127.0.0.1")))));

            Path elsewhere = dir.resolve("elsewhere");
            assertEquals(0, thespis("certs", "ca", "--out", elsewhere.toString()).exitCode());
            assertEquals(0, thespis("certs", "operator", "--ca", elsewhere.toString(), "--name", "mallory", "--out",
                    elsewhere.toString()).exitCode());
            TlsSettings mallory = new TlsSettings(elsewhere.resolve("mallory.crt"), elsewhere.resolve("mallory.key"),
                    m1.resolve("ca.crt"));
            assertThrows(StatusRuntimeException.class, () -> server.status("127.0.0.1", SslContexts.client(mallory)));
        }
    }

    @Test
    void anExistingCaIsReplacedOnlyWithForce() throws Exception {
        assertEquals(0, thespis("certs", "ca", "--out", dir.toString()).exitCode());
        String first = Files.readString(dir.resolve("ca.crt"));

        CommandLineTest.Run again = thespis("certs", "ca", "--out", dir.toString());
        assertEquals(2, again.exitCode());
        assertEquals("thespis certs ca: --out: " + dir + " already holds a Convention CA (" + dir.resolve("ca.crt")
                + "); replacing it would make every certificate it issued untrusted; --force replaces it\n",
                again.err());
        assertEquals(first, Files.readString(dir.resolve("ca.crt")));

        assertEquals(0, thespis("certs", "ca", "--out", dir.toString(), "--force").exitCode());
        assertTrue(!first.equals(Files.readString(dir.resolve("ca.crt"))));
    }

    @Test
    void mistakesAreOneLineNamingTheBadValue() {
        Path ca = dir.resolve("ca");
        assertEquals(0, thespis("certs", "ca", "--out", ca.toString()).exitCode());
        String out = dir.resolve("out").toString();

        assertUsage("thespis certs member: host 'bad host' is neither an IP address nor a DNS name "
                + "(e.g. 10.0.0.2, ::1 or db.example.com)", "certs", "member", "--ca", ca.toString(), "--host",
                "bad host", "--out", out);
        assertUsage("thespis certs member: Missing required option: '--host=HOST' (see thespis certs member --help)",
                "certs", "member", "--ca", ca.toString(), "--out", out);
        assertUsage("thespis certs operator: --ca: " + dir + " holds no Convention CA: " + dir.resolve("ca.crt")
                + " is missing", "certs", "operator", "--ca", dir.toString(), "--name", "alice", "--out", out);
        assertUsage("thespis certs observer: name 'a/b' is not usable: use 1 to 64 letters, digits, '.', '_' and '-', "
                + "starting with a letter, digit or '_', and not 'ca' (it names files)", "certs", "observer", "--ca",
                ca.toString(), "--name", "a/b", "--out", out);
        assertUsage("thespis certs operator: --days: must be a positive number of days, got 0", "certs",
                "operator", "--ca", ca.toString(), "--name", "alice", "--out", out, "--days", "0");
        assertUsage("thespis certs: Unknown option: '--bogus' (see thespis certs --help)", "certs", "--bogus");
        assertTrue(Files.notExists(Path.of(out)), "nothing is written when the command is refused");
    }

    private static void assertUsage(String message, String... args) {
        CommandLineTest.Run run = thespis(args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(message + "\n", run.err());
        assertEquals("", run.out());
    }
}
