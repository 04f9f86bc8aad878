package io.thespis.internal.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code thespis shell}: the interactive shell, with line editing and history on a terminal and plain lines from a
 * pipe, so that it can be scripted.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = {"An interactive shell to a Convention (type help inside it).",
                "Reads plain lines when standard input is not a terminal, so it can be scripted."})
final class ShellCommand implements Callable<Integer> {
    private static final String PROMPT = "thespis> ";

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT",
            description = "A running member to connect to at once.")
    private String address;

    @Option(names = "--echo", description = "Print each command read from a pipe after the prompt, so that a "
            + "scripted session prints as a transcript.")
    private boolean echo;

    @Mixin
    private ClientTlsOptions tls;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Shell shell = new Shell(out, tls);
        if (address != null) {
            shell.connect(StatusCommand.defaultAddress(address));
        }
        if (System.console() != null) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("thespis").build();
                shell.run(() -> {
                    try {
                        return reader.readLine(PROMPT);
                    } catch (UserInterruptException e) {
                        return "";
                    } catch (EndOfFileException e) {
                        return null;
                    }
                });
            }
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            shell.run(() -> {
                try {
                    String line = in.readLine();
                    if (echo && line != null) {
                        out.println(PROMPT + line);
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return 0;
    }
}
