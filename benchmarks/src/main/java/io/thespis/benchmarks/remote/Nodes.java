package io.thespis.benchmarks.remote;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the other JVMs of the benchmarks: same JDK and classpath, output to a file. */
public final class Nodes {
    private Nodes() {
    }

    /** Starts {@code mainAndArguments} in a new JVM with 512 MiB of heap. */
    static Process start(List<String> mainAndArguments) throws IOException {
        return start("512m", mainAndArguments, Files.createTempFile("thespis-bench-node", ".log"));
    }

    /**
     * Starts {@code mainAndArguments} in a new JVM with {@code heap} of heap ({@code -Xmx}), its output and errors
     * to {@code log}, which is deleted when this JVM exits.
     */
    public static Process start(String heap, List<String> mainAndArguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArguments);
        File file = log.toFile();
        file.deleteOnExit();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(file).start();
    }

    /** Waits until the file {@code process} writes to holds a line starting with {@code prefix}. */
    static void awaitLine(Process process, Path output, String prefix, long deadlineNanos) throws Exception {
        while (Files.readAllLines(output).stream().noneMatch(line -> line.startsWith(prefix))) {
            checkAlive(process, deadlineNanos);
            Thread.sleep(10);
        }
    }

    /** Fails when {@code process} died or the deadline passed. */
    static void checkAlive(Process process, long deadlineNanos) {
        if (!process.isAlive()) {
            throw new IllegalStateException("a benchmark node exited with " + process.exitValue());
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException("a benchmark node did not become ready in time");
        }
    }

    /** A port of 127.0.0.1 free a moment ago, for a JVM that must be told its port before it starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops {@code process}: SIGTERM, then SIGKILL after 10 s. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
