package io.thespis.internal.member;

import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * The certificates of the multi-process tests, which run with mutual TLS on as production does: a throwaway
 * Convention CA, made once per test JVM, with a member certificate {@value #MEMBERS} holding 127.0.0.1 and an
 * operator's {@value #OPERATOR}, in one directory deleted when the JVM exits.
 */
public final class TestCertificates {
    /** The members' certificate's file name. */
    public static final String MEMBERS = "members";
    /** The operator's certificate's file name. */
    public static final String OPERATOR = "operator";

    private static Path directory;

    private TestCertificates() {
    }

    /** The directory of {@value #MEMBERS}, {@value #OPERATOR} and the CA's {@code ca.crt}. */
    public static synchronized Path directory() {
        if (directory == null) {
            try {
                Path made = Files.createTempDirectory("thespis-test-tls");
                ConventionCa ca = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system());
                ca.issue(Role.MEMBER, MEMBERS, List.of("127.0.0.1"), ConventionCa.DEFAULT_VALIDITY).writeTo(made);
                ca.issue(Role.OPERATOR, OPERATOR, List.of(), ConventionCa.DEFAULT_VALIDITY).writeTo(made);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made), "delete-test-tls"));
                directory = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    private static void delete(Path made) {
        try (Stream<Path> files = Files.list(made)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(made);
        } catch (IOException e) {
            // A temporary directory left behind; nothing else to do at exit.
        }
    }
}
