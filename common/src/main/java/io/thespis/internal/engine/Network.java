package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.internal.rules.PlacementRefusal;
import io.thespis.internal.rules.Verdict;

import java.util.Map;

/**
 * Not API: what a networked system plugs into the local engine. The in-process bases use {@link #NONE}.
 */
public interface Network {
    /** No network: other systems' actors are unreachable and a class this system refuses cannot be placed. */
    Network NONE = new Network() {
        @Override
        public Recipient route(ActorAddress remote) {
            return null;
        }

        @Override
        public ActorAddress createElsewhere(Class<? extends Actor> actorClass, CreateOptions options,
                                            ActorAddress parent, String systemId, Verdict localVerdict) {
            throw new NoCompatibleSystemForActor(PlacementRefusal.message(actorClass.getName(), options.requirements(),
                    Map.of(systemId, localVerdict)));
        }

        @Override
        public void capabilitiesChanged(Map<String, Object> capabilities, long generation) {
        }
    };

    /**
     * Where messages for an actor of another system go, or {@code null} when that system is gone or unknown (the
     * message then becomes a dead letter). Must not block.
     */
    Recipient route(ActorAddress remote);

    /**
     * Creates an actor on another system because this one does not qualify. When {@code parent} is an actor, it
     * must not block on the network: it returns the address at once and messages to it wait for the actor.
     *
     * @param systemId     this system, for the refusal message
     * @param localVerdict why this system refused
     * @throws NoCompatibleSystemForActor when no system qualifies
     */
    ActorAddress createElsewhere(Class<? extends Actor> actorClass, CreateOptions options, ActorAddress parent,
                                 String systemId, Verdict localVerdict);

    /** This system's capabilities changed to {@code capabilities}, numbered {@code generation}. */
    void capabilitiesChanged(Map<String, Object> capabilities, long generation);
}
