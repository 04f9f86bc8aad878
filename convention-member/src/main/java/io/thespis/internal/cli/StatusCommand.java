package io.thespis.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.thespis.internal.member.client.ConnectedActorSystem;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemStatus;
import io.thespis.actor.spi.SystemSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code thespis status}: the operator's view of one member and its Convention. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = "Shows a member's view: the leader, every member with its capabilities and actors, counters.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT",
            description = "The member to ask. [THESPIS_CONNECT] Default: 127.0.0.1:1900.")
    private String address;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Mixin
    private ClientTlsOptions tls;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String target = defaultAddress(address);
        SystemStatus status = ConnectedActorSystem.readStatus(target, tls.endpoints(target));
        spec.commandLine().getOut().print(json
                ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status) + "\n"
                : table(status));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code given}, else {@code THESPIS_CONNECT}, else the local default member; checked. */
    static String defaultAddress(String given) {
        String chosen = given != null ? given : System.getenv().getOrDefault("THESPIS_CONNECT", "127.0.0.1:1900");
        try {
            return SystemSettings.checkHostPort("HOST:PORT", chosen);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The status as an aligned table. */
    static String table(SystemStatus status) {
        StringBuilder text = new StringBuilder();
        text.append("System   ").append(status.adminAddress()).append('\n')
                .append("Leader   ").append(status.conventionLeader() == null ? "(none)" : status.conventionLeader())
                .append('\n')
                .append("Actors   ").append(status.actorCount()).append(" on this system\n")
                .append("Sources  ").append(status.loadedSources().isEmpty() ? "(none loaded)"
                        : String.join(", ", status.loadedSources())).append("\n\n");
        int width = Math.max("MEMBER".length(), status.members().stream()
                .mapToInt(member -> member.adminAddress().length() + (member.adminAddress().equals(status.adminAddress())
                        ? 2 : 0)).max().orElse(0));
        text.append(String.format("%-" + width + "s  %10s  %6s  %s%n", "MEMBER", "GENERATION", "ACTORS", "CAPABILITIES"));
        for (MemberStatus member : status.members()) {
            String name = member.adminAddress() + (member.adminAddress().equals(status.adminAddress()) ? " *" : "");
            text.append(String.format("%-" + width + "s  %10d  %6d  %s%n", name, member.generation(),
                    member.actorCount(), capabilities(member.capabilities())));
        }
        text.append("(* this member)\n\nCounters ").append(status.counters().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))).append('\n');
        return text.toString();
    }

    static String capabilities(Map<String, Object> capabilities) {
        return capabilities.isEmpty() ? "(none)" : capabilities.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
    }
}
