package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorStatus;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemBase;
import io.thespis.internal.member.client.ConnectedActorSystem;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interactive shell of the Thespian introduction: start or connect to a system, keep a numbered list of
 * addresses (actors, and the admins of members), and ask, tell, create test actors, read status and change
 * capabilities. It reads lines from any source, so it can be scripted through standard input.
 *
 * <p>Where Thespian's shell types an actor's address as {@code HOST PORT}, Thespis cannot: an actor has no port of
 * its own, its address is its system and its number ({@code SYSTEM#ID}). So {@code address HOST PORT} and
 * {@code address HOST:PORT} name the admin of the member there, the form the introduction uses for
 * {@code status 0}; actor addresses come from {@code create_testActor}, from an answer, or typed as printed.
 */
final class Shell {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern HOST_PORT = Pattern.compile("([^#()\\s/]+):(\\d{1,5})");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");
    private static final int MAX_PORT = 65_535;
    private static final String ADDRESS_USAGE = "HOST PORT or HOST:PORT (a member's admin, as in address localhost"
            + " 1900) or an actor address as printed (127.0.0.1:1900/abc#12 or ActorAddr-(...#12))";
    private static final String HELP = """
            Commands:
              start [SEQUENTIAL|CONCURRENT|NETWORK]  start an actor system in this shell (default CONCURRENT)
              connect HOST:PORT                      connect to a running member (thespis member)
              address HOST PORT | HOST:PORT          remember the admin of the member there; shows its number
              address ADDRESS                        remember an actor address (system#id or ActorAddr-(...))
              create_testActor                       create a TestActor; it echoes, and answers "create" with a new one
              create CLASS [HASH]                    create an actor of CLASS, from loaded source HASH if given
              ask N MESSAGE                          send MESSAGE to actor address N and print the response
              tell N MESSAGE                         send MESSAGE to actor address N
              listen [SECONDS]                       print the next message sent to this shell
              status                                 the system's status (members, capabilities, actors, counters)
              status N                               the status of actor N, or of the member whose admin is N
              members                                the Convention's members and their capabilities
              capability NAME [VALUE]                set a capability of the system (no VALUE: remove it)
              load JAR / unload HASH                 load or unload actor source
              help                                   this text
              exit / quit                            leave the shell (a connected system keeps running)""";

    /** One numbered entry of the shell's list of addresses. */
    private sealed interface Entry permits ActorEntry, AdminEntry {
    }

    /** An actor, to ask and tell. */
    private record ActorEntry(ActorAddress address) implements Entry {
        @Override
        public String toString() {
            return address.toString();
        }
    }

    /** The admin of the member at {@code hostPort}, to read the status of. */
    private record AdminEntry(String hostPort) implements Entry {
        @Override
        public String toString() {
            return "Admin @ " + hostPort;
        }
    }

    private final PrintWriter out;
    private final ClientTlsOptions tls;
    private final List<Entry> entries = new ArrayList<>();
    private ActorSystem system;
    private boolean connected;

    /** A shell printing to {@code out} that reaches running members as {@code tls} says. */
    Shell(PrintWriter out, ClientTlsOptions tls) {
        this.out = out;
        this.tls = tls;
    }

    /** A shell that reaches running members as {@code thespis shell} without TLS flags does. */
    Shell(PrintWriter out) {
        this(out, new ClientTlsOptions());
    }

    /** Runs commands from {@code lines} (null at the end) until exit; returns when done. */
    void run(Supplier<String> lines) {
        try {
            String line;
            while ((line = lines.get()) != null) {
                if (!execute(line.strip())) {
                    break;
                }
                out.flush();
            }
        } finally {
            close();
            out.flush();
        }
    }

    /** Executes one command line; {@code false} means leave. */
    boolean execute(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return true;
        }
        String[] words = line.split("\\s+", 3);
        String command = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (command) {
                case "exit", "quit" -> {
                    return false;
                }
                case "help", "?" -> out.println(HELP);
                case "start" -> start(words.length > 1 ? words[1] : "CONCURRENT");
                case "connect" -> connect(argument(words, 1, "connect HOST:PORT"));
                case "address" -> remember(parseEntry(words), true);
                case "create_testactor" -> {
                    ActorAddress created = system().createActor(TestActor.class.getName(), CreateOptions.none());
                    out.println("Created new TestActor " + remember(new ActorEntry(created), false) + " @ " + created);
                }
                case "create" -> {
                    String className = argument(words, 1, "create CLASS [HASH]");
                    CreateOptions options = words.length > 2 ? CreateOptions.none().withSourceHash(words[2])
                            : CreateOptions.none();
                    ActorAddress created = system().createActor(className, options);
                    out.println("Created " + className + " " + remember(new ActorEntry(created), false) + " @ "
                            + created);
                }
                case "ask" -> ask(words);
                case "tell" -> {
                    ActorAddress target = actor(argument(words, 1, "tell N MESSAGE"), "tell");
                    system().tell(target, argument(words, 2, "tell N MESSAGE"));
                    out.println("Sent.");
                }
                case "listen" -> {
                    Duration wait = Duration.ofSeconds(words.length > 1 ? seconds(words[1]) : 1);
                    Object message = system().listen(wait);
                    out.println(message == null ? "Nothing arrived." : "Received: " + message);
                }
                case "status" -> status(words);
                case "members" -> {
                    for (MemberStatus member : system().status().members()) {
                        out.println(member.adminAddress() + "  " + StatusCommand.capabilities(member.capabilities()));
                    }
                }
                case "capability" -> capability(words);
                case "load" -> out.println("Loaded source "
                        + system().loadActorSource(Path.of(argument(words, 1, "load JAR"))));
                case "unload" -> {
                    system().unloadActorSource(argument(words, 1, "unload HASH"));
                    out.println("Unloaded.");
                }
                default -> out.println("Unknown command '" + words[0] + "'; type help for the list.");
            }
        } catch (RuntimeException e) {
            out.println("Error: " + e.getMessage());
        }
        return true;
    }

    private void start(String baseName) {
        SystemBase base;
        try {
            base = SystemBase.valueOf(baseName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            out.println("Error: unknown base '" + baseName + "'; expected SEQUENTIAL, CONCURRENT or NETWORK"
                    + thespianCounterpart(baseName));
            return;
        }
        close();
        ActorSystem.Builder builder = ActorSystem.builder().base(base);
        if (base == SystemBase.NETWORK) {
            builder.adminPort(0);
        }
        system = builder.start();
        connected = false;
        out.println("Starting " + base + " ActorSystem" + (base == SystemBase.NETWORK
                ? " at " + system.status().adminAddress() : ""));
    }

    /** What to type instead of one of Thespian's base names, or nothing for any other name. */
    private static String thespianCounterpart(String baseName) {
        String name = baseName.toLowerCase(Locale.ROOT);
        if (name.equals("simplesystembase")) {
            return " (Thespian's simpleSystemBase is start SEQUENTIAL)";
        }
        if (name.startsWith("multiproc")) {
            return " (instead of Thespian's " + baseName + ": connect HOST:PORT to a running member, as thespis"
                    + " member starts one, or start NETWORK for a new one in this shell)";
        }
        return "";
    }

    void connect(String hostPort) {
        close();
        system = tls.connect(hostPort);
        connected = true;
        out.println("Connected to " + hostPort);
    }

    private void ask(String[] words) {
        ActorAddress target = actor(argument(words, 1, "ask N MESSAGE"), "ask");
        Object response = system().ask(target, argument(words, 2, "ask N MESSAGE"), ASK_TIMEOUT);
        if (response == null) {
            out.println("No response within " + ASK_TIMEOUT.toSeconds() + " s.");
        } else if (response instanceof ActorAddress address) {
            out.println("Response: " + address + " (address " + remember(new ActorEntry(address), false) + ")");
        } else {
            out.println("Response: " + response);
        }
    }

    private void status(String[] words) {
        if (words.length > 2) {
            throw new IllegalArgumentException("usage: status [N]");
        }
        if (words.length == 1) {
            out.print(StatusCommand.table(system().status()));
            return;
        }
        int index = index(words[1]);
        if (entries.get(index) instanceof ActorEntry actor) {
            out.println("Requesting status of actor " + actor + " (#" + index + ")");
            out.print(StatusCommand.table(actorStatus(actor.address())));
            return;
        }
        AdminEntry admin = (AdminEntry) entries.get(index);
        out.println("Requesting status from " + admin + " (#" + index + ")");
        out.print(StatusCommand.table(ConnectedActorSystem.readStatus(admin.hostPort(),
                tls.endpoints(admin.hostPort()))));
    }

    /** Asked of this shell's system when it has one (which asks the actor's member), else of the actor's member. */
    private ActorStatus actorStatus(ActorAddress actor) {
        if (system != null) {
            return system.actorStatus(actor);
        }
        String member = ActorAddressText.memberOf(actor);
        if (member == null) {
            throw new IllegalStateException("no actor system yet, and " + actor + " names no member HOST:PORT to"
                    + " ask: use start or connect HOST:PORT first");
        }
        return ConnectedActorSystem.readActorStatus(member, tls.endpoints(member), actor);
    }

    private void capability(String[] words) {
        String name = argument(words, 1, "capability NAME [VALUE]");
        Object value = words.length > 2 ? CapabilityValues.typed(words[2]) : null;
        system().updateCapability(name, value);
        out.println(value == null ? "Removed capability " + name + "."
                : "Set capability " + name + " = " + value + ".");
    }

    private int remember(Entry entry, boolean announce) {
        int index = entries.indexOf(entry);
        if (index < 0) {
            entries.add(entry);
            index = entries.size() - 1;
        }
        if (announce) {
            out.println("Actor Address " + index + ": " + entry);
        }
        return index;
    }

    /** The actor at {@code index}, for {@code command}; an admin is refused, saying what to use. */
    private ActorAddress actor(String index, String command) {
        int checked = index(index);
        if (entries.get(checked) instanceof ActorEntry actor) {
            return actor.address();
        }
        throw new IllegalArgumentException("address " + checked + " is the " + entries.get(checked) + ", not an actor:"
                + " " + command + " an actor's address (create_testActor, or address SYSTEM#ID)");
    }

    private int index(String text) {
        if (INDEX.matcher(text).matches() && Integer.parseInt(text) < entries.size()) {
            return Integer.parseInt(text);
        }
        int known = entries.size();
        throw new IllegalArgumentException("no address number " + text + "; known: "
                + (known == 0 ? "none" : known == 1 ? "0" : "0.." + (known - 1)) + " (" + known
                + (known == 1 ? " address" : " addresses") + "; the address command adds one)");
    }

    /** What {@code address ...} names: an actor as printed, or a member's admin as HOST PORT or HOST:PORT. */
    private static Entry parseEntry(String[] words) {
        String given = argument(words, 1, "address " + ADDRESS_USAGE);
        if (words.length > 2) {
            if (PORT.matcher(words[2]).matches()) {
                return admin(given, words[2], given + " " + words[2]);
            }
            throw refusal(given + " " + words[2]);
        }
        Matcher hostPort = HOST_PORT.matcher(given);
        if (hostPort.matches()) {
            return admin(hostPort.group(1), hostPort.group(2), given);
        }
        ActorAddress actor = ActorAddressText.parse(given);
        if (actor != null) {
            return new ActorEntry(actor);
        }
        throw refusal(given);
    }

    private static IllegalArgumentException refusal(String given) {
        return new IllegalArgumentException("address '" + given + "': expected " + ADDRESS_USAGE);
    }

    private static AdminEntry admin(String host, String port, String given) {
        int number = Integer.parseInt(port);
        if (number < 1 || number > MAX_PORT) {
            throw new IllegalArgumentException("address '" + given + "': expected a port in 1.." + MAX_PORT);
        }
        return new AdminEntry(host + ":" + number);
    }

    private static long seconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen '" + text + "': expected SECONDS, a whole number", e);
        }
    }

    private static String argument(String[] words, int index, String usage) {
        if (words.length <= index) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return words[index];
    }

    private ActorSystem system() {
        if (system == null) {
            throw new IllegalStateException("no actor system yet: use start or connect HOST:PORT first");
        }
        return system;
    }

    private void close() {
        if (system != null) {
            system.shutdown();
            if (connected) {
                out.println("Disconnected.");
            }
            system = null;
        }
    }
}
