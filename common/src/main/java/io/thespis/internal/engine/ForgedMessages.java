package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.ChildActorExited;
import io.thespis.actor.DeadEnvelope;
import io.thespis.actor.ValidateSource;
import io.thespis.actor.ValidatedSource;
import io.thespis.actor.WakeupMessage;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The system's own messages that cannot be genuine where they arrive, refused, counted and logged. Which ones
 * may come from outside this system (another system, or a connected client):
 *
 * <ul>
 *   <li>{@link io.thespis.actor.ActorExitRequest}, {@link io.thespis.actor.PoisonMessage}: yes. Any actor may ask
 *       another to exit (as in Thespian), and the system of an actor that failed twice on a message returns it to
 *       its sender, wherever that is.</li>
 *   <li>{@link ChildActorExited}: only from the child it names. A child reports its own exit to its parent, and the
 *       system that could not create it does so under its would-be address; nobody else knows.</li>
 *   <li>{@link WakeupMessage}, {@link DeadEnvelope}, {@link ActorSystemConventionUpdate}, {@link ValidateSource},
 *       {@link ValidatedSource}: never. This system makes each for one of its own actors (its timers, its dead-letter
 *       handler, its view of the Convention, its Source Authority and the verdict it awaits) and delivers it here;
 *       an actor that wants to pass one on wraps it in a message of its own.</li>
 * </ul>
 *
 * <p>Each refusal is counted (status counter {@value #COUNTER}). The first of an episode, one kind of message from
 * one system, is logged at WARN, later ones at DEBUG; after {@value #REMEMBERED_EPISODES} episodes, new ones are
 * logged at DEBUG too, so a flood of forgeries cannot flood the log or the memory.
 */
final class ForgedMessages {
    /** The status counter of refused messages. */
    static final String COUNTER = "forgedSystemMessages";
    private static final System.Logger LOG = System.getLogger(ForgedMessages.class.getName());
    private static final int REMEMBERED_EPISODES = 256;

    private final String systemId;
    private final LongAdder refused = new LongAdder();
    private final Set<String> episodes = new HashSet<>();

    ForgedMessages(String systemId) {
        this.systemId = systemId;
    }

    /** Why {@code message} from {@code sender}, which came from outside this system, is refused, or {@code null}. */
    static String whyRefusedFromOutside(Object message, ActorAddress sender) {
        if (message instanceof ChildActorExited exited) {
            return exited.child().equals(sender) ? null : "it reports the exit of " + exited.child()
                    + ", and only that child itself does";
        }
        if (message instanceof WakeupMessage || message instanceof DeadEnvelope
                || message instanceof ActorSystemConventionUpdate || message instanceof ValidateSource
                || message instanceof ValidatedSource) {
            return "only this system makes it, for its own actors";
        }
        return null;
    }

    /** Counts and logs that {@code message} claiming to come from {@code sender} was refused, for {@code why}. */
    void refused(Object message, ActorAddress sender, String why) {
        refused.increment();
        String kind = message.getClass().getSimpleName();
        String text = "refused " + kind + " claiming to come from " + sender + " in " + systemId + ", " + why;
        if (firstOfEpisode(kind + " from " + (sender == null ? "nobody" : sender.system()))) {
            LOG.log(Level.WARNING, text + ". Further ones of its kind from that system are counted in status counter '"
                    + COUNTER + "' and logged at DEBUG");
        } else {
            LOG.log(Level.DEBUG, text);
        }
    }

    private boolean firstOfEpisode(String episode) {
        synchronized (episodes) {
            return episodes.size() < REMEMBERED_EPISODES && episodes.add(episode);
        }
    }

    /** How many messages were refused so far. */
    long count() {
        return refused.sum();
    }
}
