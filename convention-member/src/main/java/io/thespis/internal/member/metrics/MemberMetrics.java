package io.thespis.internal.member.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.thespis.internal.member.guard.RefusalLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.thespis.actor.ActorSystemException;
import io.thespis.internal.engine.DeadLetterCause;
import io.thespis.internal.engine.LocalActorSystem;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A member's Micrometer meters, in a Prometheus registry, served as Prometheus text at {@code /metrics} when a
 * port is given. Meters read the member's state when scraped (the engine's counters, the directory, the links), so
 * the hot paths pay nothing; every meter carries the tag {@code member} (its advertised address). Names, as
 * Prometheus shows them: see the README's metrics table.
 */
public final class MemberMetrics implements AutoCloseable {
    /** What the meters read. */
    public interface Sources {
        /** The engine of the member's current incarnation. */
        LocalActorSystem local();

        /** How many members the member's directory holds, itself included. */
        int membersLive();

        /** Messages written to links to other members so far. */
        long sentRemote();

        /** Bytes the member's links hold for their peers now. */
        long linkQueuedBytes();

        /** How long since the leader was last heard from, in milliseconds. */
        long leaderSilenceMillis();

        /** What remote parties sent that was refused so far, by kind ({@link RefusalLog#KINDS}). */
        Map<String, Long> refusals();
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter capabilityUpdates;
    /** Held here: Micrometer keeps only a weak reference to what its meters read. */
    private final Sources sources;
    private final String host;
    private final int port;
    private HttpServer server;

    /**
     * Meters for the member at {@code address}, reading {@code sources}, to be served by {@link #serve()} on
     * {@code host:port} ({@code port} 0 for any free one), or never when {@code port} is negative.
     */
    public MemberMetrics(String address, Sources sources, String host, int port) {
        this.sources = sources;
        this.host = host;
        this.port = port;
        registry.config().commonTags("member", address);
        counter("thespis.messages.delivered", "messages handed to actors", sources,
                s -> s.local().counters().get("messagesDelivered"));
        counter("thespis.messages.sent.remote", "messages written to links to other members", sources,
                Sources::sentRemote);
        for (String kind : RefusalLog.KINDS) {
            FunctionCounter.builder("thespis.refusals", sources, s -> s.refusals().getOrDefault(kind, 0L))
                    .description("what remote parties sent that was refused, by cause").tag("cause", kind)
                    .register(registry);
        }
        for (DeadLetterCause cause : DeadLetterCause.values()) {
            FunctionCounter.builder("thespis.dead.letters", sources,
                            s -> s.local().deadLettersByCause().get(cause))
                    .description("messages that could not be delivered, by cause").tag("cause", cause.tag())
                    .register(registry);
        }
        counter("thespis.actor.turns", "actor turns (each handles one or more messages)", sources,
                s -> s.local().turns());
        counter("thespis.actor.restarts", "actors restarted after receiveMessage threw", sources,
                s -> s.local().counters().get("restarts"));
        counter("thespis.poison.messages", "messages that failed twice and went back as PoisonMessage", sources,
                s -> s.local().counters().get("poisonMessages"));
        counter("thespis.actor.creations", "actors created here", sources,
                s -> s.local().counters().get("actorsCreated"));
        counter("thespis.source.fetches", "loaded sources fetched from the leader", sources,
                s -> s.local().counters().get("sourceFetches"));
        gauge("thespis.mailbox.backlog", "messages waiting in mailboxes", sources, s -> s.local().mailboxBacklog());
        gauge("thespis.actors.live", "actors alive here", sources, s -> s.local().actorCount());
        gauge("thespis.members.live", "members in this member's directory, itself included", sources,
                Sources::membersLive);
        gauge("thespis.link.queued.bytes", "bytes held for other members by this member's links", sources,
                Sources::linkQueuedBytes);
        Gauge.builder("thespis.leader.heartbeat.lag", sources, s -> s.leaderSilenceMillis() / 1000.0)
                .description("time since the leader was last heard from").baseUnit("seconds").register(registry);
        this.capabilityUpdates = Counter.builder("thespis.capability.updates")
                .description("changes of this member's capabilities").register(registry);
    }

    /**
     * Starts serving {@code /metrics}, once the member is whole; does nothing when no port was given.
     *
     * @throws ActorSystemException when the port cannot be bound
     */
    public synchronized void serve() {
        if (port >= 0) {
            server = serve(host, port);
        }
    }

    private void counter(String name, String description, Sources sources, ToDoubleFunction<Sources> value) {
        FunctionCounter.builder(name, sources, value).description(description).register(registry);
    }

    private void gauge(String name, String description, Sources sources, ToDoubleFunction<Sources> value) {
        Gauge.builder(name, sources, value).description(description).register(registry);
    }

    private HttpServer serve(String host, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
            http.createContext("/metrics", exchange -> {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.setExecutor(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "thespis-metrics");
                thread.setDaemon(true);
                return thread;
            }));
            http.start();
            return http;
        } catch (IOException e) {
            throw new ActorSystemException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port metrics are served on, or -1 when they are not. */
    public synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /** This member's capabilities changed. */
    public void capabilityUpdated() {
        capabilityUpdates.increment();
    }

    /** A placement on another member took {@code nanos}, with {@code outcome} ("placed", "refused", "none"). */
    public void placed(String outcome, long nanos) {
        Timer.builder("thespis.placements").description("placements of actors on other members, by outcome")
                .tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The metrics as Prometheus text, as {@code /metrics} serves them. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
