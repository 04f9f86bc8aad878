package io.thespis.internal.cli;

import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.member.client.ConnectedActorSystem;
import io.thespis.internal.member.transport.GrpcEndpoints;
import io.thespis.internal.member.transport.TransportPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The TLS flags of every command that talks to a running member ({@code status}, {@code shell}, {@code load}...):
 * the operator's or observer's certificate, as {@code thespis certs operator|observer --out DIR} wrote it. Without
 * one, the command speaks plaintext, to a loopback address only unless {@code --insecure-plaintext} is given.
 */
final class ClientTlsOptions {
    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Connect over mutual TLS with the certificate thespis certs operator|observer --out DIR "
                    + "wrote. [THESPIS_TLS_DIR] Default: none: plaintext, loopback only.")
    private String tlsDir;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "Which certificate in --tls-dir. [THESPIS_TLS_NAME] Default: the only one there.")
    private String tlsName;

    @Option(names = "--insecure-plaintext",
            description = "Connect without TLS to an address other than loopback. [THESPIS_INSECURE_PLAINTEXT]")
    private boolean insecurePlaintext;

    /** A client of the member at {@code hostPort}, connected as these flags say. */
    ConnectedActorSystem connect(String hostPort) {
        return ConnectedActorSystem.connect(hostPort, endpoints(hostPort));
    }

    /** The endpoints to reach {@code hostPort} with. */
    GrpcEndpoints endpoints(String hostPort) {
        String dir = tlsDir != null ? tlsDir : System.getenv("THESPIS_TLS_DIR");
        boolean insecure = insecurePlaintext || "true".equals(System.getenv("THESPIS_INSECURE_PLAINTEXT"));
        TlsSettings tls = dir == null || dir.isBlank() ? null : files(Path.of(dir));
        try {
            return TransportPolicy.choose("this client", tls, insecure,
                    List.of(hostPort.substring(0, hostPort.lastIndexOf(':'))));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private TlsSettings files(Path dir) {
        String name = tlsName != null ? tlsName : System.getenv("THESPIS_TLS_NAME");
        if (name == null || name.isBlank()) {
            name = onlyKeyIn(dir);
        }
        try {
            return TlsSettings.in(dir, name).check();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tls-dir/--tls-name: " + e.getMessage() + " (expected NAME.crt, NAME.key and "
                    + "ca.crt, as thespis certs operator --out DIR writes them)");
        }
    }

    private static String onlyKeyIn(Path dir) {
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".key"))
                    .filter(file -> !file.equals("ca.key")).map(file -> file.substring(0, file.length() - 4)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UsageException("--tls-dir: cannot read " + dir + ": " + e.getMessage());
        }
        if (names.size() != 1) {
            throw new UsageException("--tls-dir: " + dir + " holds " + (names.isEmpty() ? "no certificate key"
                    : "the keys " + names) + "; name the certificate with --tls-name NAME");
        }
        return names.get(0);
    }
}
