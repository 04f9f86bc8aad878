package io.thespis.internal.engine;

import io.thespis.actor.Actor;
import io.thespis.actor.ActorAddress;
import io.thespis.actor.ActorSystemConventionUpdate;
import io.thespis.actor.CreateOptions;
import io.thespis.internal.rules.Verdict;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A network for tests: it holds every message for another system without delivering it (as a link to a member
 * that went silent does), and reports what {@code members} supplies as the other systems present.
 */
final class StubNetwork implements Network {
    private final Supplier<Collection<ActorSystemConventionUpdate>> members;

    StubNetwork(Supplier<Collection<ActorSystemConventionUpdate>> members) {
        this.members = members;
    }

    /** A network of no other members. */
    static StubNetwork alone() {
        return new StubNetwork(List::of);
    }

    @Override
    public Recipient route(ActorAddress remote) {
        return (message, sender) -> { };
    }

    @Override
    public ActorAddress createElsewhere(Class<? extends Actor> actorClass, CreateOptions options, ActorAddress parent,
                                        String systemId, Verdict localVerdict) {
        return NONE.createElsewhere(actorClass, options, parent, systemId, localVerdict);
    }

    @Override
    public void capabilitiesChanged(Map<String, Object> capabilities, long generation) {
    }

    @Override
    public FetchedSource fetchSource(String hash) {
        return NONE.fetchSource(hash);
    }

    @Override
    public void sourcesChanged() {
    }

    @Override
    public Collection<ActorSystemConventionUpdate> currentMembers() {
        return members.get();
    }
}
