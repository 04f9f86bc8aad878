package io.thespis.internal.cli;

import io.thespis.actor.ActorSystemException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The {@code thespis} command: run a member, look at a Convention, talk to it from a shell, make its certificates,
 * or watch the demo.
 * Exit codes: 0 done, 1 failed, 2 a setting or argument was wrong (one line says which).
 */
@Command(name = "thespis", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = "Thespis: a JVM actor system whose systems join a Convention and place actors by capability.",
        subcommands = {MemberCommand.class, StatusCommand.class, ShellCommand.class, SourceCommands.Load.class,
                SourceCommands.Unload.class, SourceCommands.ListSources.class, DemoCommand.class,
                CertsCommand.class, CommandLine.HelpCommand.class})
public final class Thespis implements Runnable {
    /** A setting or argument was wrong. */
    static final int EXIT_USAGE = 2;
    /** Something failed. */
    static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line {@code args} and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Thespis());
        commandLine.setOut(out).setErr(err);
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine failed = error.getCommandLine();
            String command = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(failed.getParent() == null ? "thespis: " + error.getMessage()
                    : command + ": " + error.getMessage() + " (see " + command + " --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, failed, parsed) -> {
            String command = failed.getCommandSpec().qualifiedName() + ": ";
            if (error instanceof UsageException) {
                failed.getErr().println(command + error.getMessage());
                return EXIT_USAGE;
            }
            if (error instanceof ActorSystemException || error instanceof IllegalArgumentException
                    || error instanceof UncheckedIOException) {
                failed.getErr().println(command + error.getMessage());
                return EXIT_FAILED;
            }
            throw error;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Thespis.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"thespis " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
