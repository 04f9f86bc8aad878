package io.thespis.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a host command (ip, nft, tc, kill) to completion and keeps what it printed. */
final class Commands {
    private static final long TIMEOUT_SECONDS = 30;
    private static final File NO_INPUT = new File("/dev/null");

    private Commands() {
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit code
     * @param output   what it wrote to standard output and standard error
     */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command}; a command that does not end within 30 s is killed and fails. */
    static Result run(String... command) {
        Path outputFile = null;
        try {
            // Into a file, not a pipe: a command that hangs must not hang the reader past the timeout.
            outputFile = Files.createTempFile("reliability-command", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .start();
            boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(outputFile, StandardCharsets.UTF_8).trim();
            return ended ? new Result(process.exitValue(), output)
                    : new Result(-1, output + " (killed after " + TIMEOUT_SECONDS + " s)");
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            deleteIfPresent(outputFile);
        }
    }

    private static void deleteIfPresent(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Runs {@code command} and returns its output; fails naming the command and its output unless it succeeded. */
    static String check(String... command) {
        Result result = run(command);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.output());
        }
        return result.output();
    }

    /** {@code command} run inside network namespace {@code namespace}. */
    static String[] inNamespace(String namespace, String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = namespace;
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

}
