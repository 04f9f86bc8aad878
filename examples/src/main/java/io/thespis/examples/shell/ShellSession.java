package io.thespis.examples.shell;

import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The introduction's section 4, the shell: a member on 127.0.0.1, and {@code thespis shell} run as a process, typed
 * the introduction's commands on its standard input: connect (Thespian's {@code start multiprocTCPBase}), register
 * the member's admin as {@code address HOST PORT}, create a TestActor, ask it, ask it to create another, register
 * that one by the address its answer printed, ask it, and read the admin's status with {@code status 0}.
 *
 * <p>Run: {@code java -cp CLASSPATH io.thespis.examples.shell.ShellSession}, with the examples' runtime classpath
 * (it holds the {@code thespis} command line, {@code io.thespis.internal.cli.Thespis}, that the session runs).
 */
public final class ShellSession {
    private static final String THESPIS = "io.thespis.internal.cli.Thespis";
    private static final String PROMPT = "thespis> ";
    private static final long SHELL_EXIT_SECONDS = 30;

    private ShellSession() {
    }

    /**
     * Plays the session against the member at {@code hostPort} with {@code thespis shell --echo}; returns the
     * transcript, from the command that started the shell to the shell's last line.
     *
     * @throws IllegalStateException with the transcript so far when the shell answers other than the session expects
     */
    public static List<String> play(String hostPort) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), THESPIS, "shell", "--echo");
        List<String> transcript = new ArrayList<>(List.of("$ thespis shell --echo"));
        Process shell = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (PrintWriter typed = new PrintWriter(shell.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader printed = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                     StandardCharsets.UTF_8))) {
            String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
            for (String line : List.of("connect " + hostPort, "address 127.0.0.1 " + port, "create_testActor",
                    "ask 1 hello")) {
                typed.println(line);
            }
            String created = answerTo("ask 1 create", typed, printed, transcript);
            if (!created.startsWith("Response: ActorAddr-(")) {
                throw new IllegalStateException("expected the address of a new TestActor:\n"
                        + String.join("\n", transcript));
            }
            String newActor = created.substring("Response: ".length(), created.indexOf(')') + 1);
            for (String line : List.of("address " + newActor, "ask 2 hi", "status 0", "exit")) {
                typed.println(line);
            }
            for (String line = printed.readLine(); line != null; line = printed.readLine()) {
                transcript.add(line);
            }
            if (!shell.waitFor(SHELL_EXIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the shell did not exit:\n" + String.join("\n", transcript));
            }
            return transcript;
        } finally {
            shell.destroyForcibly();
        }
    }

    /** Types {@code line} and returns what the shell printed for it, reading (into the transcript) up to that. */
    private static String answerTo(String line, PrintWriter typed, BufferedReader printed, List<String> transcript)
            throws IOException {
        typed.println(line);
        String echoed;
        do {
            echoed = nextLine(line, printed, transcript);
        } while (!echoed.equals(PROMPT + line));
        return nextLine(line, printed, transcript);
    }

    private static String nextLine(String awaited, BufferedReader printed, List<String> transcript)
            throws IOException {
        String read = printed.readLine();
        if (read == null) {
            throw new IllegalStateException("the shell ended before answering " + awaited + ":\n"
                    + String.join("\n", transcript));
        }
        transcript.add(read);
        return read;
    }

    /** Starts a member on 127.0.0.1 (any free port), plays the session against it, and prints the transcript. */
    public static void main(String[] args) throws IOException, InterruptedException {
        try (ActorSystem member = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .start()) {
            play(member.status().adminAddress()).forEach(System.out::println);
        }
    }
}
