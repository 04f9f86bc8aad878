package io.thespis.examples.sources;

import io.thespis.actor.Actor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the JDK's tools ({@code javac}, {@code jar}, {@code keytool}, {@code jarsigner}) for the source examples. */
final class JarTools {
    private final Consumer<String> echo;

    /** Tools that hand {@code echo} each command line before running it. */
    JarTools(Consumer<String> echo) {
        this.echo = echo;
    }

    /** Compiles {@code source} against the Thespis API into {@code classes}, and packs those into {@code jar}. */
    Path compileAndJar(Path source, Path classes, Path jar) throws IOException, InterruptedException {
        run("javac", "--release", "17", "-cp", apiJar(), "-d", classes.toString(), source.toString());
        run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    /** Runs the JDK tool {@code name} with {@code arguments}; fails with its output unless it succeeds. */
    void run(String name, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
        command.addAll(List.of(arguments));
        echo.accept(name + " " + String.join(" ", arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new UncheckedIOException(new IOException(name + " failed:\n" + output));
        }
    }

    private static String apiJar() {
        try {
            return Path.of(Actor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
