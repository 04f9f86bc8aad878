package io.thespis.actor;

import io.thespis.actor.spi.ActorSystemProvider;
import io.thespis.actor.spi.SourceSettings;
import io.thespis.actor.spi.SystemSettings;
import io.thespis.actor.spi.TlsSettings;
import io.thespis.internal.engine.LocalActorSystem;
import io.thespis.internal.engine.TimeSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An actor system, as used from ordinary code: create actors, talk to them, shut it down.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create()) {
 *     ActorAddress hello = system.createActor(Hello.class);
 *     System.out.println(system.ask(hello, "are you there?", Duration.ofSeconds(1)));
 * }
 * }</pre>
 *
 * <p>Outside code has an address of its own: whatever an actor sends back to the sender of an {@code ask} is
 * that ask's reply, and whatever is sent to the sender of a {@code tell} is returned by {@code listen}; so is
 * whatever reaches an ask after it returned. The system's own messages ({@link ActorSystemMessage}s such as
 * {@link WakeupMessage}, {@link ActorExitRequest}, {@link ChildActorExited}, {@link DeadEnvelope},
 * {@link ActorSystemConventionUpdate}) are not replies: when an actor sends one to outside code, {@code ask} and
 * {@code listen} drop it and go on waiting, as Thespian's do. {@link PoisonMessage} is the exception: it tells the
 * sender that its message failed, and it counts (unless what it returns is itself one of the system's messages).
 */
public interface ActorSystem extends AutoCloseable {

    /** The embedded default: in this process, on a shared pool of threads, no network. */
    static ActorSystem create() {
        return builder().start();
    }

    /** A builder for any base; {@link Builder#start()} starts the system. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * A client of the running system at {@code hostPort} (a daemon started by {@code thespis member}).
     * Needs {@code thespis-convention-member} on the classpath.
     */
    static ActorSystem connect(String hostPort) {
        return ActorSystemProvider.load().connect(hostPort, null);
    }

    /**
     * A client of the running system at {@code hostPort} over mutual TLS, with the certificate {@code name} that
     * {@code thespis certs} wrote to {@code tlsDirectory} (an operator's, to create and send; an observer's, to read
     * status). Needs {@code thespis-convention-member} on the classpath.
     */
    static ActorSystem connect(String hostPort, Path tlsDirectory, String name) {
        return ActorSystemProvider.load().connect(hostPort, TlsSettings.in(tlsDirectory, name));
    }

    /**
     * Creates an actor of {@code actorClass} on a system whose capabilities qualify; returns its address.
     *
     * @throws ActorSystemException naming the cause when the actor's constructor throws
     */
    ActorAddress createActor(Class<? extends Actor> actorClass);

    /** Creates an actor of {@code actorClass} with {@code options}. */
    ActorAddress createActor(Class<? extends Actor> actorClass, CreateOptions options);

    /** Creates an actor from its fully qualified class name, from the classpath or {@code options.sourceHash()}. */
    ActorAddress createActor(String className, CreateOptions options);

    /**
     * Sends {@code message} to {@code target} and waits for the first message sent back to this ask that is not
     * one of the system's own (see the class comment).
     *
     * @return the reply, or {@code null} when none came within {@code timeout}
     * @throws ActorGoneException as soon as {@code message} cannot be delivered (the actor exited, exited before
     *                            handling it, or its system is gone), instead of waiting out {@code timeout}
     */
    Object ask(ActorAddress target, Object message, Duration timeout);

    /**
     * Like {@link #ask}, without blocking: the future completes with the reply, or {@code null} on timeout, or
     * exceptionally with {@link ActorGoneException} as soon as {@code message} cannot be delivered.
     */
    CompletableFuture<Object> askAsync(ActorAddress target, Object message, Duration timeout);

    /** Sends {@code message} to {@code target}; replies to it are returned by {@link #listen}. */
    void tell(ActorAddress target, Object message);

    /**
     * Waits for the next message sent to this caller's address (the sender of its {@code tell}s, and of its asks
     * once they returned), skipping the system's own messages as {@code ask} does.
     *
     * @return the message, or {@code null} when none came within {@code timeout}
     */
    Object listen(Duration timeout);

    /** Loads a jar of actor classes into the system; returns its SHA-256 (hex) for {@link CreateOptions#withSourceHash}. */
    String loadActorSource(Path jar);

    /** Unloads the source {@code sourceHash}; new actors can no longer be created from it. */
    void unloadActorSource(String sourceHash);

    /**
     * Sets capability {@code name} of this system, or removes it when {@code valueOrNullToRemove} is {@code null}.
     * Actors here whose requirements no longer hold are asked to exit, unless their class says
     * {@link OnCapabilityLoss @OnCapabilityLoss(KEEP)}.
     */
    void updateCapability(String name, Object valueOrNullToRemove);

    /** A snapshot of this system and its Convention. */
    SystemStatus status();

    /**
     * A snapshot of the actor at {@code actor}, on this system or on another member of its Convention.
     *
     * @throws ActorGoneException   when no actor lives at that address (it exited, never existed, or its system is
     *                              gone)
     * @throws ActorSystemException when the actor's system cannot be asked
     */
    ActorStatus actorStatus(ActorAddress actor);

    /** Asks every actor to exit, waits for them, and releases every thread. Calling it again does nothing. */
    void shutdown();

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }

    /**
     * Configures and starts a system. Every setter checks its argument and fails naming the bad value.
     */
    final class Builder {
        private SystemBase base = SystemBase.CONCURRENT;
        private final Map<String, Object> capabilities = new LinkedHashMap<>();
        private int adminPort = SystemSettings.DEFAULT_ADMIN_PORT;
        private int metricsPort = SystemSettings.NO_METRICS;
        private String advertise;
        private String conventionLeader;
        private final List<String> messagePackages = new ArrayList<>();
        private Duration heartbeatInterval = SystemSettings.DEFAULT_HEARTBEAT_INTERVAL;
        private Duration memberTimeout = SystemSettings.DEFAULT_MEMBER_TIMEOUT;
        private Path stateDirectory;
        private Path sourceTrustStore;
        private String sourceTrustStorePassword;
        private boolean allowUnvalidatedSources;
        private long maxSourceBytes = SourceSettings.DEFAULT_MAX_SOURCE_BYTES;
        private boolean networkSettingsGiven;
        private TlsSettings tls;
        private boolean insecurePlaintext;

        private Builder() {
        }

        /** The base; {@link SystemBase#CONCURRENT} unless set. */
        public Builder base(SystemBase base) {
            if (base == null) {
                throw new IllegalArgumentException("base must be one of " + List.of(SystemBase.values()) + ", got null");
            }
            this.base = base;
            return this;
        }

        /** Adds capability {@code name} with {@code value} (not {@code null}). */
        public Builder capability(String name, Object value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("capability name must not be blank, got '" + name + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException("capability '" + name + "' needs a value, got null");
            }
            capabilities.put(name, value);
            return this;
        }

        /** Adds every entry of {@code capabilities}. */
        public Builder capabilities(Map<String, ?> capabilities) {
            capabilities.forEach(this::capability);
            return this;
        }

        /** The admin port of a {@link SystemBase#NETWORK} system: default 1900, 0 for any free port. */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("adminPort must be 0..65535, got " + port);
            }
            this.adminPort = port;
            networkSettingsGiven = true;
            return this;
        }

        /**
         * Serves Prometheus metrics at {@code http://ADVERTISED-HOST:PORT/metrics} (a {@link SystemBase#NETWORK}
         * system): 0 for any free port; default none.
         */
        public Builder metricsPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("metricsPort must be 0..65535, got " + port);
            }
            this.metricsPort = port;
            networkSettingsGiven = true;
            return this;
        }

        /** The host name or IP other systems reach this one at (a {@link SystemBase#NETWORK} system). */
        public Builder advertise(String host) {
            if (host == null || host.isBlank() || host.contains(":") && !host.startsWith("[")) {
                throw new IllegalArgumentException("advertise must be a host name or IP without port, got '" + host + "'");
            }
            this.advertise = host;
            networkSettingsGiven = true;
            return this;
        }

        /** The Convention Leader's {@code host:port}; the system advertised at that address becomes the leader. */
        public Builder conventionLeader(String hostPort) {
            this.conventionLeader = SystemSettings.checkHostPort("conventionLeader", hostPort);
            networkSettingsGiven = true;
            return this;
        }

        /** Package prefixes whose classes may cross hosts as messages (besides the JDK and Thespis types). */
        public Builder messagePackages(String... prefixes) {
            for (String prefix : prefixes) {
                if (prefix == null || prefix.isBlank()) {
                    throw new IllegalArgumentException("messagePackages entries must not be blank, got '" + prefix + "'");
                }
                messagePackages.add(prefix);
            }
            networkSettingsGiven = true;
            return this;
        }

        /**
         * How often a {@link SystemBase#NETWORK} member sends the leader a heartbeat (default 500 ms), and how long
         * the leader waits for a silent member before declaring it gone (default 2.5 s): the bounds of
         * {@link Timing}.
         */
        public Builder failureDetection(Duration heartbeatInterval, Duration memberTimeout) {
            return timing(new Timing(heartbeatInterval, memberTimeout));
        }

        /** How a {@link SystemBase#NETWORK} Convention detects failures; default {@link Timing#LAN}. */
        public Builder timing(Timing timing) {
            if (timing == null) {
                throw new IllegalArgumentException("timing must be one of Timing.LOCAL, LAN, WAN or a Timing of your"
                        + " own, got null");
            }
            this.heartbeatInterval = timing.heartbeatInterval();
            this.memberTimeout = timing.memberTimeout();
            networkSettingsGiven = true;
            return this;
        }

        /**
         * Where a {@link SystemBase#NETWORK} system keeps loaded sources: the leader's store and each member's
         * fetched copies. Default: a fresh temporary directory.
         */
        public Builder stateDirectory(Path directory) {
            if (directory == null) {
                throw new IllegalArgumentException("stateDirectory must be a directory path, got null");
            }
            this.stateDirectory = directory;
            networkSettingsGiven = true;
            return this;
        }

        /**
         * Starts the built-in signed-jar Source Authority: a loaded source is valid only if every entry is signed
         * by a certificate in {@code trustStore} (PKCS12, or JKS by its {@code .jks} name).
         *
         * @param password the store's password, or {@code null} to read its certificates without checking it
         */
        public Builder sourceTrustStore(Path trustStore, String password) {
            if (trustStore == null || !Files.isRegularFile(trustStore)) {
                throw new IllegalArgumentException("sourceTrustStore must be a readable trust store file, got "
                        + trustStore);
            }
            this.sourceTrustStore = trustStore;
            this.sourceTrustStorePassword = password;
            return this;
        }

        /**
         * For development: accept loaded sources that no Source Authority validated. A {@link SystemBase#NETWORK}
         * system refuses to start with it unless it advertises a loopback address. Off by default.
         */
        public Builder allowUnvalidatedSources(boolean allow) {
            this.allowUnvalidatedSources = allow;
            return this;
        }

        /** The largest source {@code loadActorSource} accepts, in bytes; default 64 MiB. */
        public Builder maxSourceSize(long bytes) {
            if (bytes < 1 || bytes > SourceSettings.MAX_SOURCE_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxSourceSize must be 1.." + SourceSettings.MAX_SOURCE_BYTES_LIMIT
                        + " bytes, got " + bytes);
            }
            this.maxSourceBytes = bytes;
            return this;
        }

        /**
         * Mutual TLS on every connection of a {@link SystemBase#NETWORK} system, with the certificate {@code name}
         * (a member's) that {@code thespis certs} wrote to {@code directory}: {@code NAME.crt}, {@code NAME.key} and
         * the Convention CA's {@code ca.crt}. Without it the system runs plaintext, which it allows only on a
         * loopback address unless {@link #insecurePlaintext()} is given.
         */
        public Builder tls(Path directory, String name) {
            return tls(TlsSettings.in(directory, name));
        }

        /** Mutual TLS with these files; see {@link #tls(Path, String)}. */
        public Builder tls(TlsSettings files) {
            if (files == null) {
                throw new IllegalArgumentException("tls needs its files, got null");
            }
            this.tls = files;
            networkSettingsGiven = true;
            return this;
        }

        /**
         * Allows a {@link SystemBase#NETWORK} system without TLS on an address other than loopback: unauthenticated,
         * for networks secured by other means. Off by default.
         */
        public Builder insecurePlaintext() {
            this.insecurePlaintext = true;
            networkSettingsGiven = true;
            return this;
        }

        /** Starts the system. */
        public ActorSystem start() {
            if (base != SystemBase.NETWORK && networkSettingsGiven) {
                throw new IllegalStateException("adminPort, advertise, conventionLeader, messagePackages, "
                        + "failureDetection, stateDirectory, metricsPort, tls and insecurePlaintext apply to base NETWORK only; this builder "
                        + "has base "
                        + base);
            }
            SourceSettings sources = new SourceSettings(sourceTrustStore, sourceTrustStorePassword,
                    allowUnvalidatedSources, maxSourceBytes);
            SystemSettings settings = new SystemSettings(base, capabilities, adminPort, advertise,
                    conventionLeader, messagePackages, heartbeatInterval, memberTimeout, stateDirectory, sources,
                    metricsPort, tls, insecurePlaintext);
            return switch (base) {
                case SEQUENTIAL -> LocalActorSystem.sequential(settings.capabilities(), TimeSource.SYSTEM, sources);
                case CONCURRENT -> LocalActorSystem.concurrent(settings.capabilities(), sources);
                case NETWORK -> ActorSystemProvider.load().start(settings);
            };
        }
    }
}
