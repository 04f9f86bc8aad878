package io.thespis.internal.cli;

import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.IssuedCertificate;
import io.thespis.internal.member.security.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code thespis certs}: the Convention's certificates for mutual TLS. {@code ca} makes the Convention CA once;
 * {@code member}, {@code operator} and {@code observer} issue a certificate and key from it, with the holder's
 * role (and, for a member, its advertised hosts) written into it. Issuing again to the same files rotates them.
 */
@Command(name = "certs", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = {"Makes the Convention's certificates for mutual TLS.",
                "First the CA, then one certificate per member, operator and observer. Each command prints the files "
                        + "it wrote and the identity it certifies; issuing again to the same files rotates them."},
        subcommands = {CertsCommand.Ca.class, CertsCommand.Member.class, CertsCommand.Operator.class,
                CertsCommand.Observer.class})
final class CertsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code thespis certs ca}. */
    @Command(name = "ca", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = {"Makes the Convention CA.",
                    "Writes ca.crt (give it to every member, operator and observer) and ca.key (keep it where "
                            + "certificates are issued, never on a member)."})
    static final class Ca implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write ca.crt and ca.key.")
        private Path out;

        @Option(names = "--days", paramLabel = "DAYS",
                description = "How long the CA is valid. Default: ${DEFAULT-VALUE}.")
        private int days = (int) ConventionCa.VALIDITY.toDays();

        @Option(names = "--force",
                description = "Replace a CA already in DIR; every certificate it issued stops being trusted.")
        private boolean force;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            ConventionCa ca = ConventionCa.create(validity(days), InstantSource.system());
            List<Path> written;
            try {
                written = ca.write(out, force);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--out: " + e.getMessage() + "; --force replaces it");
            }
            PrintWriter text = spec.commandLine().getOut();
            text.printf("Wrote    %s  (the CA's certificate: trust it everywhere)%n", written.get(0));
            text.printf("         %s  (the CA's private key, owner-only: keep it off the members)%n", written.get(1));
            text.printf("Subject  %s%n", ca.certificate().getSubjectX500Principal().getName());
            text.printf("Expires  %s%n", ca.certificate().getNotAfter().toInstant());
            text.flush();
            return 0;
        }
    }

    /** What issuing a certificate takes, whatever the role. */
    abstract static class Issue implements Callable<Integer> {
        @Option(names = "--ca", required = true, paramLabel = "DIR",
                description = "The CA's directory (ca.crt and ca.key), as thespis certs ca wrote it.")
        private Path caDirectory;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Where to write NAME.crt (certificate and CA), NAME.key (owner-only) and ca.crt.")
        private Path out;

        @Option(names = "--days", paramLabel = "DAYS",
                description = "How long the certificate is valid (never past the CA). Default: ${DEFAULT-VALUE}.")
        private int days = (int) ConventionCa.DEFAULT_VALIDITY.toDays();

        @Spec
        private CommandSpec spec;

        /** The role the certificate carries. */
        abstract Role role();

        /** The holder's name. */
        abstract String name();

        /** The hosts the certificate names; none but a member's. */
        List<String> hosts() {
            return List.of();
        }

        @Override
        public Integer call() {
            Duration validity = validity(days);
            ConventionCa ca;
            IssuedCertificate issued;
            try {
                ca = ConventionCa.load(caDirectory, InstantSource.system());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ca: " + e.getMessage());
            }
            try {
                issued = ca.issue(role(), name(), hosts(), validity);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            TlsSettings files = issued.writeTo(out);
            X509Certificate certificate = issued.certificate();
            PrintWriter text = spec.commandLine().getOut();
            text.printf("Wrote    %s  (certificate, then the CA)%n", files.certificateChain());
            text.printf("         %s  (private key, owner-only)%n", files.privateKey());
            text.printf("         %s  (the Convention CA, to trust)%n", files.trustedCa());
            text.printf("Role     %s%n", role().label());
            text.printf("Name     %s%n", issued.name());
            text.printf("SANs     %s%n", String.join(", ", issued.subjectAlternativeNames()));
            text.printf("Expires  %s%n", certificate.getNotAfter().toInstant());
            text.flush();
            return 0;
        }
    }

    /** {@code thespis certs member}. */
    @Command(name = "member", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = {"Issues a member's certificate.",
                    "The member serves and dials other members as the host(s) it advertises, so give every address "
                            + "or DNS name it is reached at (its --advertise)."})
    static final class Member extends Issue {
        @Option(names = "--host", required = true, paramLabel = "HOST",
                description = "An IP address or DNS name the member advertises. Repeatable.")
        private List<String> hosts;

        @Option(names = "--name", paramLabel = "NAME",
                description = "The member's name and file names. Default: the first --host (':' written as '_').")
        private String name;

        @Override
        Role role() {
            return Role.MEMBER;
        }

        @Override
        String name() {
            return name != null ? name : hosts.get(0).replace(':', '_');
        }

        @Override
        List<String> hosts() {
            return hosts;
        }
    }

    /** What the operator and observer commands share: a person or tool, named. */
    abstract static class Client extends Issue {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Who holds it, e.g. alice or ci-deploy; also the file names.")
        private String name;

        @Override
        String name() {
            return name;
        }
    }

    /** {@code thespis certs operator}. */
    @Command(name = "operator", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = "Issues an operator's client certificate: may run the Convention (create, load, change).")
    static final class Operator extends Client {
        @Override
        Role role() {
            return Role.OPERATOR;
        }
    }

    /** {@code thespis certs observer}. */
    @Command(name = "observer", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = "Issues an observer's client certificate: may look (status), never change anything.")
    static final class Observer extends Client {
        @Override
        Role role() {
            return Role.OBSERVER;
        }
    }

    private static Duration validity(int days) {
        if (days <= 0) {
            throw new UsageException("--days: must be a positive number of days, got " + days);
        }
        return Duration.ofDays(days);
    }
}
