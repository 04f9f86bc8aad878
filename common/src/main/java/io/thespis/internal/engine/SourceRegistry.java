package io.thespis.internal.engine;

import io.thespis.actor.ActorAddress;
import io.thespis.actor.InvalidSourceException;
import io.thespis.actor.ValidateSource;
import io.thespis.actor.ValidatedSource;
import io.thespis.internal.source.LoadedSource;
import io.thespis.internal.source.SourceClassLoader;
import io.thespis.internal.source.SourceJar;
import io.thespis.internal.source.SourcePolicy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The actor sources one system holds: admitting a jar (its structure checked, then validated by the built-in
 * signed-jar authority and by the Source Authority actor, whichever this system has), handing out the class
 * loader of a usable source, fetching through the network a source this system does not hold (once, however many
 * creations ask at the same time), and unloading. It remembers why a source is unusable, so a creation from it
 * says so.
 */
final class SourceRegistry {
    private static final System.Logger LOG = System.getLogger(SourceRegistry.class.getName());
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(30);
    private static final int REMEMBERED_REFUSALS = 256;

    private final Engine engine;
    private final SourcePolicy policy;
    private final Network network;
    private final Map<String, LoadedSource> usable = new ConcurrentHashMap<>();
    private final Map<String, String> unusable = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    });
    private final Map<String, CompletableFuture<LoadedSource>> arriving = new ConcurrentHashMap<>();
    private volatile ActorAddress authority;

    SourceRegistry(Engine engine, SourcePolicy policy, Network network) {
        this.engine = engine;
        this.policy = policy;
        this.network = network;
    }

    long maxSourceBytes() {
        return policy.maxSourceBytes();
    }

    void authority(ActorAddress actor) {
        authority = actor;
    }

    /** The registered Source Authority actor, or {@code null}. */
    ActorAddress authority() {
        return authority;
    }

    /** Forgets the Source Authority {@code actor} when it exits. */
    void actorGone(ActorAddress actor) {
        if (actor.equals(authority)) {
            authority = null;
        }
    }

    /**
     * Admits {@code jar} given to this system: checks its structure, validates it, and makes it usable.
     *
     * @return its SHA-256, in lower-case hex
     * @throws InvalidSourceException saying why it was refused
     */
    LoadedSource load(byte[] jar) {
        SourceJar parsed = SourceJar.read(jar, policy.maxSourceBytes());
        LoadedSource known = usable.get(parsed.hash());
        if (known != null) {
            return known;
        }
        String validatedBy = validate(parsed, jar, null);
        return admit(parsed, validatedBy);
    }

    /**
     * The class loader of usable source {@code hash}; a source this system does not hold is fetched through the
     * network and validated here when this system has an authority of its own.
     *
     * @throws InvalidSourceException when the source is unknown, unloaded, refused, or arrives corrupted
     */
    SourceClassLoader loader(String hash) {
        SourceJar.checkHash(hash);
        LoadedSource loaded = usable.get(hash);
        if (loaded != null) {
            return loaded.loader();
        }
        String why = unusable.get(hash);
        if (why != null) {
            throw new InvalidSourceException("source " + hash + " " + why);
        }
        CompletableFuture<LoadedSource> mine = new CompletableFuture<>();
        CompletableFuture<LoadedSource> theirs = arriving.putIfAbsent(hash, mine);
        if (theirs != null) {
            return awaitArrival(theirs).loader();
        }
        try {
            mine.complete(fetch(hash));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            arriving.remove(hash, mine);
        }
        return awaitArrival(mine).loader();
    }

    private LoadedSource fetch(String hash) {
        Network.FetchedSource fetched = network.fetchSource(hash);
        engine.counters().sourceFetched();
        SourceJar parsed = SourceJar.read(fetched.jar(), policy.maxSourceBytes());
        if (!parsed.hash().equals(hash)) {
            throw new InvalidSourceException("source " + hash + " arrived from " + fetched.origin()
                    + " with SHA-256 " + parsed.hash() + "; refused as corrupted or tampered with");
        }
        return admit(parsed, validate(parsed, fetched.jar(), fetched.origin()));
    }

    private static LoadedSource awaitArrival(CompletableFuture<LoadedSource> arrival) {
        try {
            return arrival.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Who validated the source: every authority this system has must accept it. With none, a fetched source
     * counts as validated by {@code origin} (which validated it when it was loaded); a loaded one is refused
     * unless unvalidated sources are allowed.
     */
    private String validate(SourceJar parsed, byte[] jar, String origin) {
        String hash = parsed.hash();
        List<String> validators = new ArrayList<>();
        if (policy.signedJarAuthority() != null) {
            String reason = policy.signedJarAuthority().refusal(parsed).orElse(null);
            if (reason != null) {
                throw refused(hash, "by the " + policy.signedJarAuthority().name() + ": " + reason);
            }
            validators.add(policy.signedJarAuthority().name());
        }
        ActorAddress actor = authority;
        if (actor != null) {
            ValidatedSource verdict = askAuthority(actor, hash, jar);
            if (!verdict.valid()) {
                throw refused(hash, "by the Source Authority " + actor + ": " + verdict.reason());
            }
            validators.add("Source Authority " + actor);
        }
        if (!validators.isEmpty()) {
            return String.join(" and ", validators);
        }
        if (origin != null) {
            return origin;
        }
        if (policy.allowUnvalidated()) {
            return "nobody (unvalidated sources allowed)";
        }
        throw refused(hash, "because no Source Authority is registered in system " + engine.systemId()
                + ": an actor must call registerSourceAuthority(), or start the member with --source-truststore "
                + "FILE (for development on a loopback-only system, --allow-unvalidated-sources accepts sources "
                + "unchecked)");
    }

    /**
     * The verdict of the Source Authority {@code actor} on source {@code hash}. Only a verdict whose sender is
     * {@code actor} counts: the asker's address reaches whomever the authority lets see it, and any of them could
     * answer first; another sender's verdict is refused as a forgery.
     */
    private ValidatedSource askAuthority(ActorAddress actor, String hash, byte[] jar) {
        CompletableFuture<ValidatedSource> verdict = new CompletableFuture<>();
        ActorAddress asker = engine.openInbox((message, sender) -> {
            if (message instanceof ValidatedSource && !actor.equals(sender)) {
                engine.forgeries().refused(message, sender, "a verdict on source " + hash + ": only the Source "
                        + "Authority " + actor + " gives those");
            } else if (message instanceof ValidatedSource answer && hash.equals(answer.sourceHash())) {
                verdict.complete(answer);
            } else {
                LOG.log(Level.DEBUG, () -> "ignored " + message + " from " + sender + " while awaiting the verdict on "
                        + hash);
            }
        });
        try {
            engine.send(actor, new ValidateSource(hash, jar.clone()), asker);
            engine.dispatcher().afterOutsideSend();
            engine.dispatcher().await(verdict, VALIDATION_TIMEOUT.toNanos(), Dispatcher.ReplyExpected.LATER);
        } finally {
            engine.close(asker);
        }
        if (!verdict.isDone()) {
            throw refused(hash, "because the Source Authority " + actor + " did not answer within "
                    + VALIDATION_TIMEOUT.toSeconds() + " s");
        }
        return verdict.join();
    }

    private InvalidSourceException refused(String hash, String why) {
        unusable.put(hash, "was refused " + why);
        return new InvalidSourceException("source " + hash + " was refused " + why);
    }

    private LoadedSource admit(SourceJar jar, String validatedBy) {
        LoadedSource loaded = new LoadedSource(new SourceClassLoader(jar), validatedBy, Instant.now());
        LoadedSource raced = usable.putIfAbsent(jar.hash(), loaded);
        unusable.remove(jar.hash());
        LOG.log(Level.INFO, "source " + jar.hash() + " (" + jar.size() + " bytes) is usable in " + engine.systemId()
                + ", validated by " + validatedBy);
        network.sourcesChanged();
        return raced != null ? raced : loaded;
    }

    /**
     * Makes source {@code hash} unusable here; actors created from it live on.
     *
     * @return whether this system held it
     */
    boolean unload(String hash) {
        SourceJar.checkHash(hash);
        boolean held = usable.remove(hash) != null;
        if (held) {
            unusable.put(hash, "was unloaded");
            network.sourcesChanged();
        }
        return held;
    }

    /** The source {@code hash} when this system holds it, else {@code null}; never fetches. */
    SourceClassLoader find(String hash) {
        LoadedSource loaded = usable.get(hash);
        return loaded == null ? null : loaded.loader();
    }

    /** The usable sources, by hash. */
    List<LoadedSource> loaded() {
        List<LoadedSource> all = new ArrayList<>(usable.values());
        all.sort(Comparator.comparing(LoadedSource::loadedAt).thenComparing(LoadedSource::hash));
        return all;
    }
}
