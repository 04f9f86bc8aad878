package io.thespis.internal.cli;

import io.thespis.actor.ActorSystemException;
import io.thespis.actor.SystemBase;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.member.NetworkActorSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code thespis member}: runs this host's system until SIGTERM or SIGINT, which leave the Convention, ask every
 * actor to exit, and end the process with status 0.
 */
@Command(name = "member", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = {"Runs this host's member of a Convention until stopped (SIGTERM/SIGINT).",
                "Every setting may also come from an environment variable or a --config file key (shown); "
                        + "precedence: flag > environment > config file > --timing preset > default."},
        sortOptions = false, modelTransformer = MemberCommand.SettingOptions.class)
final class MemberCommand implements Callable<Integer> {
    @Option(names = "--print-config", description = "Print every setting's effective value and where it came from,"
            + " then exit without starting.")
    private boolean printConfig;

    /** Adds an option for every setting of the table that has a flag, described by the table. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (MemberSetting setting : MemberSetting.flagged()) {
                OptionSpec.Builder option = OptionSpec.builder(setting.flag).description(setting.help());
                if (setting.isSwitch()) {
                    option.type(boolean.class).arity("0");
                } else if (setting.repeatable()) {
                    option.paramLabel(setting.label).type(List.class).auxiliaryTypes(String.class);
                } else {
                    option.paramLabel(setting.label).type(String.class);
                }
                spec.addOption(option.build());
            }
            List<String> flagless = java.util.Arrays.stream(MemberSetting.values())
                    .filter(setting -> setting.flag == null).map(setting -> "  " + setting.help()).toList();
            if (!flagless.isEmpty()) {
                List<String> footer = new java.util.ArrayList<>(List.of("", "Settings without a flag:"));
                footer.addAll(flagless);
                spec.usageMessage().footer(footer.toArray(String[]::new));
            }
            return spec;
        }
    }

    @picocli.CommandLine.Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        MemberSettings settings = MemberSettings.resolve(given(), System.getenv());
        if (printConfig) {
            spec.commandLine().getOut().print(printed(settings));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (settings.logConfig() != null) {
            // Read by Logback when the first line is logged, which is after this: resolving the settings logs nothing.
            System.setProperty("logback.configurationFile", settings.logConfig().toString());
        }
        NetworkActorSystem system;
        try {
            system = NetworkActorSystem.start(new SystemSettings(SystemBase.NETWORK, settings.capabilities(),
                    settings.port(), settings.advertise(), settings.leader(), settings.messagePackages(),
                    settings.heartbeat(), settings.memberTimeout(), settings.stateDirectory(), settings.sources(),
                    settings.metricsPort(), settings.tls(), settings.insecurePlaintext()),
                    actorClasses(settings.classpath()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (ActorSystemException e) {
            if (e.getCause() instanceof IOException) {
                throw new UsageException("--port/--advertise: " + e.getMessage());
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int actors = system.status().actorCount();
            out.println("thespis member: stopping (leaving the Convention, asking " + actors + " actors to exit)");
            system.shutdown();
            out.println("thespis member: stopped; " + system.status().actorCount() + " actors left");
            out.flush();
            stopped.countDown();
            // A stop the operator asked for is a success, not death by signal (exit code 143).
            Runtime.getRuntime().halt(0);
        }, "thespis-member-stop"));
        String leads = settings.leader() == null || settings.leader().equals(system.adminAddress())
                ? "as the Convention Leader" : "with leader " + settings.leader();
        out.println("thespis member: listening on " + system.adminAddress() + " " + leads + "; capabilities "
                + settings.capabilities());
        out.flush();
        stopped.await();
        return 0;
    }

    /** What the operator typed, by setting: the flags given, and only those. */
    private Map<MemberSetting, Object> given() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<MemberSetting, Object> given = new EnumMap<>(MemberSetting.class);
        for (MemberSetting setting : MemberSetting.flagged()) {
            if (parsed.hasMatchedOption(setting.flag)) {
                given.put(setting, setting.isSwitch() ? "true" : parsed.matchedOptionValue(setting.flag, null));
            }
        }
        return given;
    }

    /** Every setting as used, aligned: name, value, origin. */
    static String printed(MemberSettings settings) {
        StringBuilder text = new StringBuilder();
        int width = settings.effective().stream().mapToInt(line -> line.setting().named().length()).max().orElse(0);
        for (MemberSettings.Effective line : settings.effective()) {
            text.append(String.format("%-" + width + "s  %s  (%s)%n", line.setting().named(),
                    line.value() == null || line.value().isEmpty() ? "(none)" : line.value(), line.origin()));
        }
        return text.toString();
    }

    private static ClassLoader actorClasses(List<Path> classpath) {
        ClassLoader parent = MemberCommand.class.getClassLoader();
        if (classpath.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath: not a usable path: " + classpath.get(i));
            }
        }
        return new URLClassLoader("thespis-actors", urls, parent);
    }

}
