package io.thespis.testing;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ValidateSource;
import io.thespis.actor.ValidatedSource;

/** Source Authorities for tests: each registers itself when created. */
public final class TestAuthorities {
    /** The reason {@link Refusing} gives. */
    public static final String REFUSAL = "not on my list";

    private TestAuthorities() {
    }

    /** Accepts every source. */
    public static class Accepting extends Actor {
        public Accepting() {
            registerSourceAuthority();
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ValidateSource validate) {
                send(sender, new ValidatedSource(validate.sourceHash(), true, "accepted"));
            }
        }
    }

    /** Refuses every source, saying {@link #REFUSAL}. */
    public static class Refusing extends Actor {
        public Refusing() {
            registerSourceAuthority();
        }

        @Override
        protected void receiveMessage(Object message, ActorAddress sender) {
            if (message instanceof ValidateSource validate) {
                send(sender, new ValidatedSource(validate.sourceHash(), false, REFUSAL));
            }
        }
    }
}
