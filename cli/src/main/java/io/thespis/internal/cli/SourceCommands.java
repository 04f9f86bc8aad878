package io.thespis.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ManagedChannel;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.member.sources.SourceClient;
import io.thespis.proto.v1.SourceInfo;
import io.thespis.proto.v1.SourceLoaded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code thespis load}, {@code unload} and {@code sources}: the Convention's actor sources, kept by the leader. */
final class SourceCommands {
    private SourceCommands() {
    }

    /** The leader every source command talks to. */
    static final class LeaderOption {
        @Option(names = "--leader", paramLabel = "HOST:PORT",
                description = "The Convention Leader. [THESPIS_LEADER] Default: 127.0.0.1:1900.")
        private String leader;

        @Mixin
        private ClientTlsOptions tls;

        /** Runs {@code call} against the leader's source store. */
        <T> T call(Function<SourceClient, T> call) {
            String address = leader != null ? leader : System.getenv().getOrDefault("THESPIS_LEADER", "127.0.0.1:1900");
            try {
                SystemSettings.checkHostPort("--leader", address);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            ManagedChannel channel = tls.endpoints(address).channel(address);
            try {
                return call.apply(new SourceClient(channel, address));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** {@code thespis load JAR}. */
    @Command(name = "load", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = {"Loads a jar of actor classes into the Convention. The leader's Source Authority validates it;",
                    "members fetch it when asked to create from it. Prints the source's hash (SHA-256)."})
    static final class Load implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JAR", description = "The jar to load.")
        private Path jar;

        @Mixin
        private LeaderOption leader;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            byte[] bytes = LocalActorSystem.readSource(jar, SourceSettings.MAX_SOURCE_BYTES_LIMIT);
            SourceLoaded loaded = leader.call(client -> client.load(bytes));
            spec.commandLine().getOut().println(loaded.getHash());
            spec.commandLine().getErr().println("thespis load: " + jar + " (" + bytes.length + " bytes) loaded, "
                    + "validated by " + loaded.getValidatedBy() + "; create from it with "
                    + "CreateOptions.none().withSourceHash(\"" + loaded.getHash() + "\")");
            return 0;
        }
    }

    /** {@code thespis unload HASH}. */
    @Command(name = "unload", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = "Unloads a source from the whole Convention; actors created from it live on.")
    static final class Unload implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HASH", description = "The source's hash, as load printed it.")
        private String hash;

        @Mixin
        private LeaderOption leader;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            leader.call(client -> {
                client.unload(hash);
                return null;
            });
            spec.commandLine().getOut().println("thespis unload: " + hash + " unloaded from the Convention");
            return 0;
        }
    }

    /** {@code thespis sources}. */
    @Command(name = "sources", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
            description = "Lists the loaded sources: hash, size, when loaded, who validated, which members hold a copy.")
    static final class ListSources implements Callable<Integer> {
        @Mixin
        private LeaderOption leader;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<SourceInfo> sources = leader.call(SourceClient::list);
            spec.commandLine().getOut().print(json ? json(sources) : table(sources));
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static String json(List<SourceInfo> sources) throws Exception {
            List<Map<String, Object>> rows = sources.stream().map(source -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("hash", source.getHash());
                row.put("size", source.getSize());
                row.put("loadedAt", Instant.ofEpochMilli(source.getLoadedAtMs()).toString());
                row.put("validatedBy", source.getValidatedBy());
                row.put("heldBy", source.getHoldersList());
                return row;
            }).toList();
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows) + "\n";
        }

        private static String table(List<SourceInfo> sources) {
            if (sources.isEmpty()) {
                return "No sources loaded.\n";
            }
            StringBuilder text = new StringBuilder(String.format("%-64s  %10s  %-24s  %s%n", "HASH", "BYTES",
                    "LOADED AT", "VALIDATED BY / HELD BY"));
            for (SourceInfo source : sources) {
                text.append(String.format("%-64s  %10d  %-24s  %s%n", source.getHash(), source.getSize(),
                        Instant.ofEpochMilli(source.getLoadedAtMs()), source.getValidatedBy()));
                text.append(String.format("%-64s  %10s  %-24s  held by %s%n", "", "", "",
                        String.join(", ", source.getHoldersList())));
            }
            return text.toString();
        }
    }
}
