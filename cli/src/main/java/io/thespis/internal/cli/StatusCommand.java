package io.thespis.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorStatus;
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

/** {@code thespis status}: the operator's view of one member and its Convention, or of one actor. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Thespis.Version.class,
        description = {"Shows a member's view: the leader, every member with its capabilities, its busiest actors,"
                + " global names, pending wakeups, the Source Authority and counters.",
                "Given an actor address as printed (HOST:PORT/INCARNATION#ID or ActorAddr-(...)), shows that actor,"
                + " asked of the member that hosts it: class, source, global name, mailbox, messages handled,"
                + " restarts, children, pending wakeups."})
final class StatusCommand implements Callable<Integer> {
    /** The most children the actor table prints; the count covers all. */
    private static final int CHILDREN_PRINTED = 10;
    /** Writes statuses as indented JSON, addresses as printed. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(ActorAddress.class, ToStringSerializer.instance));

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT|ACTOR",
            description = "The member to ask, or an actor address. [THESPIS_CONNECT] Default: 127.0.0.1:1900.")
    private String address;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Mixin
    private ClientTlsOptions tls;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ActorAddress actor = address == null ? null : ActorAddressText.parse(address);
        Object status;
        if (actor != null) {
            String member = ActorAddressText.memberOf(actor);
            if (member == null) {
                throw new UsageException("actor address '" + address + "' names no member HOST:PORT (its system is '"
                        + actor.system() + "'); give it as printed, HOST:PORT/INCARNATION#ID");
            }
            status = ConnectedActorSystem.readActorStatus(member, tls.endpoints(member), actor);
        } else {
            String target = defaultAddress(address);
            status = ConnectedActorSystem.readStatus(target, tls.endpoints(target));
        }
        spec.commandLine().getOut().print(json ? JSON.writeValueAsString(status) + "\n"
                : status instanceof ActorStatus one ? table(one) : table((SystemStatus) status));
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
        text.append("(* this member)\n\n");
        actors(status, text);
        text.append("Global names  ").append(status.globalNames().isEmpty() ? "(none)"
                : status.globalNames().entrySet().stream().map(entry -> entry.getKey() + " -> " + entry.getValue())
                .collect(Collectors.joining(", "))).append('\n')
                .append("Wakeups       ").append(status.pendingWakeups()).append(" pending\n")
                .append("Authority     ").append(status.sourceAuthority() == null ? "(no Source Authority)"
                        : status.sourceAuthority()).append("\n\n");
        text.append("Counters ").append(status.counters().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))).append('\n');
        return text.toString();
    }

    private static void actors(SystemStatus status, StringBuilder text) {
        if (status.actors().isEmpty()) {
            text.append("No actors on this system.\n\n");
            return;
        }
        text.append(status.actors().size() < status.actorCount() ? "The " + status.actors().size() + " of "
                + status.actorCount() + " actors with the largest mailboxes:\n" : "Actors, largest mailboxes first:\n");
        int width = status.actors().stream().mapToInt(actor -> actor.address().toString().length()).max().orElse(0);
        text.append(String.format("%-" + width + "s  %7s  %9s  %8s  %8s  %s%n", "ACTOR", "MAILBOX", "HANDLED",
                "RESTARTS", "CHILDREN", "CLASS"));
        for (ActorStatus actor : status.actors()) {
            text.append(String.format("%-" + width + "s  %7d  %9d  %8d  %8d  %s%n", actor.address(),
                    actor.mailboxDepth(), actor.messagesHandled(), actor.restarts(), actor.childCount(),
                    actor.actorClass() + (actor.globalName() == null ? "" : " \"" + actor.globalName() + "\"")
                            + (actor.deadLetterHandler() ? " (dead-letter handler)" : "")));
        }
        text.append('\n');
    }

    /** One actor's status, a line per figure. */
    static String table(ActorStatus actor) {
        String children = actor.children().stream().limit(CHILDREN_PRINTED).map(ActorAddress::toString)
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder();
        line(text, "Actor", actor.address());
        line(text, "Class", actor.actorClass());
        line(text, "Source", actor.sourceHash() == null ? "(classpath)" : actor.sourceHash());
        line(text, "Global name", actor.globalName() == null ? "(none)" : actor.globalName());
        line(text, "Mailbox", actor.mailboxDepth() + " waiting");
        line(text, "Messages handled", actor.messagesHandled());
        line(text, "Restarts", actor.restarts());
        line(text, "Children", actor.childCount() + (actor.childCount() == 0 ? "" : ": " + children
                + (actor.childCount() > CHILDREN_PRINTED ? ", ..." : "")));
        line(text, "Pending wakeups", actor.pendingWakeups());
        line(text, "Dead-letter handler", actor.deadLetterHandler() ? "yes" : "no");
        return text.toString();
    }

    private static void line(StringBuilder text, String label, Object value) {
        text.append(String.format("%-21s%s%n", label, value));
    }

    static String capabilities(Map<String, Object> capabilities) {
        return capabilities.isEmpty() ? "(none)" : capabilities.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "));
    }
}
