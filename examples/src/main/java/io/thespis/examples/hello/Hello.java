package io.thespis.examples.hello;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystem;
import io.thespis.actor.SystemBase;
import io.thespis.examples.Bases;

import java.time.Duration;

/**
 * The introduction's "Hello World": create an actor, ask it something, print its answer.
 *
 * <p>Run: {@code java io.thespis.examples.hello.Hello [SEQUENTIAL|CONCURRENT]}
 */
public final class Hello {
    private Hello() {
    }

    /** Answers every message with a greeting. */
    public static class HelloActor extends Actor {
        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            send(sender, "Hello, world!");
        }
    }

    /** Asks a new {@link HelloActor} whether it is there, on {@code base}, and returns its answer. */
    public static Object sayHello(SystemBase base) {
        try (ActorSystem system = ActorSystem.builder().base(base).start()) {
            ActorAddress hello = system.createActor(HelloActor.class);
            return system.ask(hello, "are you there?", Duration.ofMillis(1500));
        }
    }

    /** Prints the greeting; the optional argument names the system base. */
    public static void main(String[] args) {
        System.out.println(sayHello(Bases.fromArguments(args)));
    }
}
