package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.CreateOptions;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.NoCompatibleSystemForActor;
import io.thespis.internal.rules.PlacementRefusal;
import io.thespis.internal.rules.Verdict;

import java.util.Collection;
import java.util.List;
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

        @Override
        public void sourcesChanged() {
        }

        @Override
        public FetchedSource fetchSource(String hash) {
            throw new InvalidSourceException("source " + hash + " is not loaded in this system; load it with "
                    + "loadActorSource first");
        }
    };

    /**
     * A source's jar as another system gave it.
     *
     * @param jar    the bytes, not yet checked against the hash asked for
     * @param origin where it came from, which validated it when it was loaded
     */
    record FetchedSource(byte[] jar, String origin) {
    }

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

    /**
     * Whether this system may publish {@code capabilities}, before they replace its current ones: a Convention
     * bounds what one member may publish. Without a network there is no bound.
     *
     * @throws IllegalArgumentException naming the limit {@code capabilities} break
     */
    default void checkCapabilities(Map<String, Object> capabilities) {
    }

    /** This system's capabilities changed to {@code capabilities}, numbered {@code generation}. */
    void capabilitiesChanged(Map<String, Object> capabilities, long generation);

    /**
     * Fetches the jar of source {@code hash}, which this system does not hold, from where loaded sources are kept.
     * Blocks until it has arrived.
     *
     * @throws InvalidSourceException when the source is unknown there or cannot be fetched
     */
    FetchedSource fetchSource(String hash);

    /** This system now holds other sources than before (one was admitted or unloaded). */
    void sourcesChanged();

    /**
     * The other systems of the Convention as this one knows them now, one {@code remoteAdded} update each (its
     * admin address and current capabilities); this system itself is not among them. An actor that calls
     * {@code notifyOnSystemRegistrationChanges(true)} receives these first, then every change reported through
     * {@link LocalActorSystem#conventionChanged}: the changes reported while this runs are held back until the
     * subscriber has been sent what this returned. Called on the subscribing actor's thread, without any lock of
     * the engine held; it must not wait on the network. A networked system applies each change to what this
     * returns before it reports the change; then a subscriber misses none (it may see a change both here and as
     * an update, which is harmless). Without a network there are no others.
     */
    default Collection<ActorSystemConventionUpdate> currentMembers() {
        return List.of();
    }

    /**
     * The actor the global name {@code name} names in the whole Convention, or {@code null} when it is free (or
     * when there is no Convention: names are then this system's alone). May wait for one round trip to where the
     * names are kept.
     *
     * @throws io.thespis.actor.ActorSystemException when the names cannot be reached
     */
    default ActorAddress lookupGlobalName(String name) {
        return null;
    }

    /**
     * Binds {@code name} to {@code actor}, just created, unless another actor holds it already; returns the one that
     * holds it now. May wait for one round trip.
     *
     * @throws io.thespis.actor.ActorSystemException when the names cannot be reached
     */
    default ActorAddress bindGlobalName(String name, ActorAddress actor) {
        return actor;
    }

    /**
     * A message from {@code ask}, an ask made on another system, to {@code target} here could not be delivered, for
     * {@code reason}: tells that system, so that the ask fails at once instead of waiting out its timeout. Must not
     * block; a notice that cannot be sent is dropped (the ask then times out).
     */
    default void askUndeliverable(ActorAddress ask, ActorAddress target, String reason) {
    }

    /** The actor {@code actor}, named {@code name}, exited: the name is free. Must not block. */
    default void releaseGlobalName(String name, ActorAddress actor) {
    }
}
