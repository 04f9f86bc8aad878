package io.thespis.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link ProbeMember} process, started with {@code ip netns exec} in its member's namespace and driven over
 * its standard input and output only: this JVM sends no packet of its own, so a cut network never cuts the test's
 * control of it. Its standard error (the member's log) goes to a file.
 */
final class MemberProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The members' log lines with milliseconds, to line them up with the view lines' times. */
    private static final String LOG_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    private final String name;
    private final Process process;
    private final Writer commands;
    private final CompletableFuture<Long> pid = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<View> views = new ArrayList<>();
    private final List<ProductEvent> events = new ArrayList<>();
    private final List<IncarnationChange> incarnations = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();

    private MemberProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "output-of-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts member {@code member} of {@code net} with {@code leader} ({@code host:port}) and waits until its
     * system runs.
     *
     * @param detection the probes' {@code failureDetection} settings
     * @param tls       the directory of the members' TLS files
     * @param log       the file its standard error goes to (appended)
     */
    static MemberProcess start(Topology net, int member, String leader, DetectionSettings detection, Path tls,
                               Path log) {
        List<String> command = List.of(Commands.inNamespace(net.namespace(member),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.util.logging.SimpleFormatter.format=" + LOG_FORMAT, "-cp", System.getProperty("java.class.path"), ProbeMember.class.getName(), "m" + member,
                net.address(member), leader, detection.heartbeatArgument(), detection.timeoutArgument(),
                tls.toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            MemberProcess started = new MemberProcess("m" + member, process);
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void awaitReady() {
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + ": " + e, e);
        }
    }

    private void readOutput() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                accept(line);
            }
        } catch (IOException e) {
            // The process is gone; what waits for it fails below.
        }
        IllegalStateException gone = new IllegalStateException(name + " exited");
        ready.completeExceptionally(gone);
        pid.completeExceptionally(gone);
        pending.values().forEach(reply -> reply.completeExceptionally(gone));
    }

    private void accept(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException notJson) {
            // Only the probe writes to standard output; a stray line of a library is not part of the protocol.
            return;
        }
        switch (node.path("type").asText()) {
            case "started" -> pid.complete(node.get("pid").asLong());
            case "ready" -> ready.complete(node);
            case "view" -> {
                Set<String> members = new HashSet<>();
                node.get("members").forEach(member -> members.add(member.asText()));
                synchronized (views) {
                    views.add(new View(node.get("at").asLong(), members, node.get("leader").asText()));
                }
            }
            case "event" -> {
                synchronized (events) {
                    events.add(new ProductEvent(node.get("at").asLong(), node.get("kind").asText(),
                            node.get("message").asText()));
                }
            }
            case "incarnation" -> {
                synchronized (incarnations) {
                    incarnations.add(new IncarnationChange(node.get("at").asLong(), node.get("from").asText(),
                            node.get("to").asText(), node.get("signal").asText()));
                }
            }
            case "reply" -> {
                CompletableFuture<JsonNode> reply = pending.remove(node.get("req").asText());
                if (reply != null) {
                    reply.complete(node);
                }
            }
            default -> {
                // An unknown line type: ignored, as a stray line is.
            }
        }
    }

    /** Sends command {@code words} and returns its reply; fails when it fails or no reply comes within 15 s. */
    JsonNode call(String... words) {
        String request = String.valueOf(requests.incrementAndGet());
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(request, reply);
        try {
            synchronized (commands) {
                commands.write(request + " " + String.join(" ", words) + "\n");
                commands.flush();
            }
            JsonNode answer = reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(name + " failed '" + String.join(" ", words) + "': "
                        + answer.get("error").asText());
            }
            return answer;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(name + " gave no answer to '" + String.join(" ", words) + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted", e);
        } finally {
            pending.remove(request);
        }
    }

    /** The member's name, {@code m1}..{@code mN}. */
    String name() {
        return name;
    }

    /** The PID of the member's JVM, as it printed it. */
    long pid() {
        return pid.join();
    }

    /** Its system's admin address ({@code host:port}). */
    String address() {
        return ready.join().get("address").asText();
    }

    /** When its system started running (ms of the wall clock). */
    long readyAt() {
        return ready.join().get("at").asLong();
    }

    /** Every view it reported so far, oldest first. */
    List<View> views() {
        synchronized (views) {
            return List.copyOf(views);
        }
    }

    /** Every product event it reported so far, oldest first. */
    List<ProductEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Every change of incarnation it reported so far, oldest first. */
    List<IncarnationChange> incarnations() {
        synchronized (incarnations) {
            return List.copyOf(incarnations);
        }
    }

    /** The system id of its first incarnation (when it started). */
    String firstSystem() {
        return ready.join().get("system").asText();
    }

    /** Its latest view; {@code null} before any. */
    View latestView() {
        synchronized (views) {
            return views.isEmpty() ? null : views.get(views.size() - 1);
        }
    }

    /** Whether the process still runs (a frozen one does). */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process ({@code SIGKILL} by PID) and waits until it is gone. */
    void destroy() {
        // The PID it printed is its own (ip netns exec execs java); before it printed one, ours is the same process.
        long own = pid.isDone() && !pid.isCompletedExceptionally() ? pid.join() : process.pid();
        ProcessHandle.of(own).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
