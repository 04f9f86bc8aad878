package io.thespis.examples.sources;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Waiting;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The introduction's source loading, with signed jars: two versions of {@code demo.hello.Hello} are compiled into
 * jars and signed with {@code jarsigner}; a Convention whose leader trusts that signer loads both, runs them side
 * by side on the one system with the "greeter" capability, unloads version 1, and refuses an unsigned jar.
 *
 * <p>Each operator step is printed as the command it runs ({@code javac}, {@code jar}, {@code keytool},
 * {@code jarsigner}), so it can be repeated by hand against {@code thespis member --source-truststore}.
 *
 * <p>Run: {@code java io.thespis.examples.sources.SourceLoading [WORK_DIR]}
 */
public final class SourceLoading {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "example-only";

    private final Path work;
    private final PrintStream out;
    private final JarTools tools;

    private SourceLoading(Path work, PrintStream out) {
        this.work = work;
        this.out = out;
        this.tools = new JarTools(command -> out.println("$ " + command));
    }

    /** Runs the whole story in {@code work}, printing to {@code out}. */
    public static void run(Path work, PrintStream out) throws IOException, InterruptedException {
        new SourceLoading(work, out).run();
    }

    /** Runs the example in the directory given, or in a new temporary one. */
    public static void main(String[] args) throws IOException, InterruptedException {
        run(args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("thespis-sources"),
                System.out);
    }

    private void run() throws IOException, InterruptedException {
        Path v1 = buildJar("hello-v1");
        Path v2 = buildJar("hello-v2");
        Path unsigned = Files.copy(v1, work.resolve("hello-v1-unsigned.jar"));
        Path keys = work.resolve("release.p12");
        Path trustStore = work.resolve("truststore.p12");
        tools.run("keytool", "-genkeypair", "-alias", "release", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Example Release", "-validity", "30", "-keystore", keys.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        tools.run("keytool", "-exportcert", "-alias", "release", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-file", work.resolve("release.cer").toString());
        tools.run("keytool", "-importcert", "-noprompt", "-alias", "release", "-file",
                work.resolve("release.cer").toString(), "-keystore", trustStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        for (Path jar : List.of(v1, v2)) {
            tools.run("jarsigner", "-keystore", keys.toString(), "-storepass", PASSWORD, jar.toString(), "release");
        }

        try (ActorSystem leader = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                .sourceTrustStore(trustStore, PASSWORD).stateDirectory(work.resolve("leader-state")).start();
             ActorSystem greeter = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0)
                     .conventionLeader(leader.status().adminAddress()).capability("greeter", true)
                     .stateDirectory(work.resolve("greeter-state")).start()) {
            Waiting.forMembers(leader, 2);
            out.println("Convention: leader " + leader.status().adminAddress() + " (trusts " + trustStore.getFileName()
                    + "), greeter " + greeter.status().adminAddress());

            String world = leader.loadActorSource(v1);
            out.println("loaded hello-v1.jar as " + world);
            String universe = leader.loadActorSource(v2);
            out.println("loaded hello-v2.jar as " + universe);
            ActorAddress first = leader.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(world));
            ActorAddress second = leader.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(universe));
            out.println("v1 on " + first.system() + " says: " + leader.ask(first, "hi", WAIT));
            out.println("v2 on " + second.system() + " says: " + leader.ask(second, "hi", WAIT));

            leader.unloadActorSource(world);
            out.println("unloaded v1");
            try {
                leader.createActor("demo.hello.Hello", CreateOptions.none().withSourceHash(world));
            } catch (InvalidSourceException e) {
                out.println("creating from v1 now: " + e.getMessage());
            }
            out.println("the v1 actor created before still says: " + leader.ask(first, "hi", WAIT));
            try {
                leader.loadActorSource(unsigned);
            } catch (InvalidSourceException e) {
                out.println("loading an unsigned jar: " + e.getMessage());
            }
        }
    }

    /** Compiles the sources of {@code version} against the Thespis API and packs them into a jar. */
    private Path buildJar(String version) throws IOException, InterruptedException {
        Path sources = work.resolve(version);
        Path source = sources.resolve("demo/hello/Hello.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = SourceLoading.class.getResourceAsStream(version + "/demo/hello/Hello.java")) {
            if (in == null) {
                throw new IllegalStateException("the example's sources are missing from the classpath: " + version);
            }
            Files.write(source, in.readAllBytes());
        }
        return tools.compileAndJar(source, work.resolve(version + "-classes"), work.resolve(version + ".jar"));
    }
}
