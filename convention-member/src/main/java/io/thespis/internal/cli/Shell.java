package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.MemberStatus;
import io.thespis.actor.SystemBase;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interactive shell of the Thespian introduction: start or connect to a system, keep a numbered list of actor
 * addresses, and ask, tell, create test actors, read status and change capabilities. It reads lines from any
 * source, so it can be scripted through standard input.
 */
final class Shell {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern ADDRESS = Pattern.compile("(?:ActorAddr-\\()?([^#()\\s]+)#(-?\\d+)\\)?");
    private static final String HELP = """
            Commands:
              start [SEQUENTIAL|CONCURRENT|NETWORK]  start an actor system in this shell (default CONCURRENT)
              connect HOST:PORT                      connect to a running member (thespis member)
              address ADDRESS                        remember an actor address (system#id or ActorAddr-(...)); shows its number
              create_testActor                       create a TestActor; it echoes, and answers "create" with a new one
              create CLASS [HASH]                    create an actor of CLASS, from loaded source HASH if given
              ask N MESSAGE                          send MESSAGE to address N and print the response
              tell N MESSAGE                         send MESSAGE to address N
              listen [SECONDS]                       print the next message sent to this shell
              status                                 the system's status (members, capabilities, actors, counters)
              members                                the Convention's members and their capabilities
              capability NAME [VALUE]                set a capability of the system (no VALUE: remove it)
              load JAR / unload HASH                 load or unload actor source
              help                                   this text
              exit / quit                            leave the shell (a connected system keeps running)""";

    private final PrintWriter out;
    private final Function<String, ActorSystem> connector;
    private final List<ActorAddress> addresses = new ArrayList<>();
    private ActorSystem system;
    private boolean connected;

    /** A shell printing to {@code out} that connects to running members with {@code connector}. */
    Shell(PrintWriter out, Function<String, ActorSystem> connector) {
        this.out = out;
        this.connector = connector;
    }

    /** A shell that connects as {@link ActorSystem#connect(String)} does: plaintext, to loopback. */
    Shell(PrintWriter out) {
        this(out, ActorSystem::connect);
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
                case "address" -> remember(parseAddress(argument(words, 1, "address ADDRESS")));
                case "create_testactor" -> {
                    ActorAddress created = system().createActor(TestActor.class.getName(), CreateOptions.none());
                    out.println("Created new TestActor " + remember(created, false) + " @ " + created);
                }
                case "create" -> {
                    String className = argument(words, 1, "create CLASS [HASH]");
                    CreateOptions options = words.length > 2 ? CreateOptions.none().withSourceHash(words[2])
                            : CreateOptions.none();
                    ActorAddress created = system().createActor(className, options);
                    out.println("Created " + className + " " + remember(created, false) + " @ " + created);
                }
                case "ask" -> ask(words);
                case "tell" -> {
                    system().tell(address(argument(words, 1, "tell N MESSAGE")), argument(words, 2, "tell N MESSAGE"));
                    out.println("Sent.");
                }
                case "listen" -> {
                    Object message = system().listen(Duration.ofSeconds(words.length > 1 ? Long.parseLong(words[1]) : 1));
                    out.println(message == null ? "Nothing arrived." : "Received: " + message);
                }
                case "status" -> out.print(StatusCommand.table(system().status()));
                case "members" -> {
                    for (MemberStatus member : system().status().members()) {
                        out.println(member.adminAddress() + "  " + StatusCommand.capabilities(member.capabilities()));
                    }
                }
                case "capability" -> capability(words);
                case "load" -> out.println("Loaded source " + system().loadActorSource(Path.of(argument(words, 1, "load JAR"))));
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
            out.println("Error: unknown base '" + baseName + "'; expected SEQUENTIAL, CONCURRENT or NETWORK");
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

    void connect(String hostPort) {
        close();
        system = connector.apply(hostPort);
        connected = true;
        out.println("Connected to " + hostPort);
    }

    private void ask(String[] words) {
        ActorAddress target = address(argument(words, 1, "ask N MESSAGE"));
        Object response = system().ask(target, argument(words, 2, "ask N MESSAGE"), ASK_TIMEOUT);
        if (response == null) {
            out.println("No response within " + ASK_TIMEOUT.toSeconds() + " s.");
        } else if (response instanceof ActorAddress address) {
            out.println("Response: " + address + " (address " + remember(address, false) + ")");
        } else {
            out.println("Response: " + response);
        }
    }

    private void capability(String[] words) {
        String name = argument(words, 1, "capability NAME [VALUE]");
        Object value = words.length > 2 ? CapabilityValues.typed(words[2]) : null;
        system().updateCapability(name, value);
        out.println(value == null ? "Removed capability " + name + "." : "Set capability " + name + " = " + value + ".");
    }

    private void remember(ActorAddress address) {
        remember(address, true);
    }

    private int remember(ActorAddress address, boolean announce) {
        int index = addresses.indexOf(address);
        if (index < 0) {
            addresses.add(address);
            index = addresses.size() - 1;
        }
        if (announce) {
            out.println("Actor Address " + index + ": " + address);
        }
        return index;
    }

    private ActorAddress address(String index) {
        try {
            return addresses.get(Integer.parseInt(index));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("no address number " + index + "; known: 0.." + (addresses.size() - 1)
                    + " (see the address command)");
        }
    }

    private static ActorAddress parseAddress(String text) {
        Matcher matcher = ADDRESS.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected an address like 127.0.0.1:1900/abc#12 or ActorAddr-(...#12), got '"
                    + text + "'");
        }
        return ActorAddress.of(matcher.group(1), Long.parseLong(matcher.group(2)));
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
