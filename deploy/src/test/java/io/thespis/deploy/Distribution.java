package io.thespis.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution under test, and a way to run its commands. */
final class Distribution {
    private Distribution() {
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    static Path home() {
        String home = System.getProperty("thespis.distribution");
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("the distribution is not unpacked at " + home + "; run mvn verify");
        }
        return Path.of(home);
    }

    /** A command still running, its output and errors together in a file; closing it sends SIGTERM and waits. */
    record Running(Process process, Path outputFile) implements AutoCloseable {
        String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(outputFile);
        }
    }

    /** Starts {@code command} with {@code environment} added, output and errors together. */
    static Running start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Only the test's settings: none of the member's or the JVM's may come from whoever runs the tests.
        builder.environment().keySet().removeIf(name -> name.startsWith("THESPIS_") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("thespis-it", ".out");
        builder.redirectOutput(output.toFile());
        return new Running(builder.start(), output);
    }

    /** Runs {@code command} with {@code environment} added, output and errors together, for at most a minute. */
    static Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return run(builder);
    }

    /** Runs what {@code builder} describes, its output to a file, for at most a minute. */
    static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        List<String> command = builder.command();
        Path output = Files.createTempFile("thespis-it", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }
}
