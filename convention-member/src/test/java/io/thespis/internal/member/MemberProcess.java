package io.thespis.internal.member;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A member in a process of its own, for the multi-process tests:
 * {@code MemberProcess PORT LEADER|- TLS_DIR [NAME=VALUE]...} (values {@code true}/{@code false} are booleans), with
 * mutual TLS on ({@link TestCertificates}' member certificate in {@code TLS_DIR}). Prints {@code READY host:port} once listening, then runs until
 * its standard input closes or it is killed.
 */
public final class MemberProcess {
    private MemberProcess() {
    }

    public static void main(String[] args) throws IOException {
        ActorSystem.Builder builder = ActorSystem.builder().base(SystemBase.NETWORK).advertise("127.0.0.1")
                .adminPort(Integer.parseInt(args[0])).messagePackages("io.thespis.internal.member")
                .tls(Path.of(args[2]), TestCertificates.MEMBERS);
        if (!args[1].equals("-")) {
            builder.conventionLeader(args[1]);
        }
        for (int i = 3; i < args.length; i++) {
            String[] capability = args[i].split("=", 2);
            builder.capability(capability[0], capability[1].equals("true") || capability[1].equals("false")
                    ? Boolean.valueOf(capability[1]) : capability[1]);
        }
        try (ActorSystem system = builder.start()) {
            System.out.println("READY " + system.status().adminAddress());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the test closes our input or kills us.
            }
        }
    }
}
