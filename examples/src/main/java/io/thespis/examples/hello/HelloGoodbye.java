package io.thespis.examples.hello;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorExitRequest;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;

import java.time.Duration;

/**
 * The introduction's "hellogoodbye": an actor that delegates its answer to a child it creates on the fly,
 * next to a second actor asked directly.
 *
 * <p>Run: {@code java io.thespis.examples.hello.HelloGoodbye [SEQUENTIAL|CONCURRENT]}
 */
public final class HelloGoodbye {
    private HelloGoodbye() {
    }

    /** The first half of a greeting, and whom the finished greeting is for. */
    public record Greeting(ActorAddress replyTo, String start) {
    }

    /** Creates a {@link World} per question and has it finish the greeting; the World exits afterwards. */
    public static class HelloActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if ("are you there?".equals(message)) {
                ActorAddress world = createActor(World.class);
                send(world, new Greeting(sender, "Hello,"));
                send(world, new ActorExitRequest());
            }
        }
    }

    /** Finishes a greeting and sends it to whom it is for. */
    public static class World extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof Greeting greeting) {
                send(greeting.replyTo(), greeting.start() + " world!");
            }
        }
    }

    /** Says goodbye to whoever asks. */
    public static class Goodbye extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "Goodbye");
        }
    }

    /** Runs the exchange on {@code base} and returns the two answers, one per line. */
    public static String run(SystemBase base) {
        return run(base, HelloActor.class);
    }

    /** Runs the exchange on {@code base} with {@code helloClass} as the Hello actor (one that logs, say). */
    public static String run(SystemBase base, Class<? extends HelloActor> helloClass) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress hello = system.createActor(helloClass);
            ActorAddress goodbye = system.createActor(Goodbye.class);
            Object greeting = system.ask(hello, "are you there?", Duration.ofMillis(1500));
            Object farewell = system.ask(goodbye, "", Duration.ofMillis(100));
            return greeting + "\n" + farewell;
        }
    }

    /** Prints the greeting and the farewell; the optional argument names the system base. */
    public static void main(String[] args) {
        System.out.println(run(Bases.fromArguments(args)));
    }
}
