package io.thespis.examples.sources;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.SystemBase;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The introduction's {@code hi.py} (section 3, dynamic source loading): every run compiles {@code hi/Hello.java} and
 * jars it (the introduction's {@code zipMyself}), loads the jar into the running system, creates {@code hi.Hello}
 * from that load and asks it, then tells it to exit. The system keeps running between runs, yet a change to the
 * source shows in the next run: it runs the code it was just given, not the code it started with.
 *
 * <ul>
 *   <li>Without an argument, the program starts a member of its own and plays the introduction's transcript: two
 *   runs, the source edited ("world" to "universe"), a third run.</li>
 *   <li>With {@code HOST:PORT}, it does one run against that member (started with
 *   {@code thespis member --allow-unvalidated-sources}), from {@code hi/Hello.java} in the current directory, written
 *   the first time: edit it and run again.</li>
 * </ul>
 *
 * <p>Run: {@code java io.thespis.examples.sources.Hi [HOST:PORT]}
 */
public final class Hi {
    private static final Duration WAIT = Duration.ofMillis(1500);

    private Hi() {
    }

    /**
     * One run against {@code system}, from the source {@code hi/Hello.java} under {@code work} (written first if
     * missing); returns the answer of the {@code hi.Hello} created from it.
     */
    public static Object sayHello(ActorSystem system, Path work) throws IOException, InterruptedException {
        Path source = work.resolve("hi/Hello.java");
        if (Files.notExists(source)) {
            Files.createDirectories(source.getParent());
            try (InputStream original = Hi.class.getResourceAsStream("hi/Hello.java")) {
                if (original == null) {
                    throw new IllegalStateException("the example's hi/Hello.java is missing from the classpath");
                }
                Files.write(source, original.readAllBytes());
            }
        }
        Path jar = new JarTools(command -> { }).compileAndJar(source, work.resolve("hi-classes"),
                work.resolve("hi.jar"));
        String loadHash = system.loadActorSource(jar);
        ActorAddress hello = system.createActor("hi.Hello", CreateOptions.none().withSourceHash(loadHash));
        Object answer = system.ask(hello, "are you there?", WAIT);
        system.tell(hello, new ActorExitRequest());
        return answer;
    }

    /** The introduction's transcript, against {@code system}, with the source under {@code work}, printed to out. */
    public static void transcript(ActorSystem system, Path work, PrintStream out)
            throws IOException, InterruptedException {
        out.println("$ java io.thespis.examples.sources.Hi");
        out.println(sayHello(system, work));
        out.println("$ java io.thespis.examples.sources.Hi");
        out.println(sayHello(system, work));
        Path source = work.resolve("hi/Hello.java");
        Files.writeString(source, Files.readString(source, StandardCharsets.UTF_8).replace("world", "universe"),
                StandardCharsets.UTF_8);
        out.println("$ edit hi/Hello.java  # <-- change \"world\" to \"universe\"");
        out.println("$ java io.thespis.examples.sources.Hi");
        out.println(sayHello(system, work));
    }

    /** Plays the transcript on a member of its own, or does one run against the member at {@code args[0]}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0) {
            try (ActorSystem member = ActorSystem.connect(args[0])) {
                System.out.println(sayHello(member, Path.of("")));
            }
            return;
        }
        try (ActorSystem member = ActorSystem.builder().base(SystemBase.NETWORK).adminPort(0).advertise("127.0.0.1")
                .allowUnvalidatedSources(true).start()) {
            transcript(member, Files.createTempDirectory("thespis-hi"), System.out);
        }
    }
}
