package io.thespis.reliability;

import io.thespis.internal.member.security.ConventionCa;
import io.thespis.internal.member.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The member processes of one scenario's Convention, {@code m1} (the leader, at {@code 10.213.0.1:1900}) to
 * {@code mN}: started together, replaced when a scenario restarts one, and every one of them killed by PID on
 * {@link #close()}, whatever state it is in.
 */
final class MemberProcesses implements AutoCloseable {
    /** The port every member listens on. */
    static final int PORT = 1900;

    private final Topology net;
    /** The name of the members' certificate files in their TLS directory. */
    static final String TLS_NAME = "members";

    private final DetectionSettings detection;
    private final Path logs;
    private final MemberProcess[] current;
    private final List<MemberProcess> everyStarted = new ArrayList<>();
    private final Path tls;

    /** @param logs the folder the members' logs go to, one file per member, emptied first */
    MemberProcesses(Topology net, DetectionSettings detection, Path logs) {
        this.net = net;
        this.detection = detection;
        this.logs = logs;
        this.current = new MemberProcess[net.members()];
        try {
            Files.createDirectories(logs);
            // Every hop is mutual TLS, as in production: one member certificate holding every member's address.
            this.tls = ConventionCa.create(ConventionCa.VALIDITY, InstantSource.system())
                    .issue(Role.MEMBER, TLS_NAME, IntStream.rangeClosed(1, net.members()).mapToObj(net::address)
                            .toList(), ConventionCa.DEFAULT_VALIDITY).writeTo(logs.resolve("tls"))
                    .certificateChain().getParent();
            for (int member = 1; member <= net.members(); member++) {
                Files.deleteIfExists(log(member));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leader's {@code host:port}. */
    String leaderAddress() {
        return net.address(1) + ":" + PORT;
    }

    /** Starts every member at once and waits until each runs. */
    void startAll() {
        List<CompletableFuture<Void>> starts = IntStream.rangeClosed(1, net.members())
                .mapToObj(member -> CompletableFuture.runAsync(() -> start(member))).toList();
        starts.forEach(CompletableFuture::join);
    }

    /** Starts member {@code member} (from 1), replacing the process it had; returns the new process. */
    MemberProcess start(int member) {
        MemberProcess process = MemberProcess.start(net, member, leaderAddress(), detection, tls, log(member));
        synchronized (this) {
            current[member - 1] = process;
            everyStarted.add(process);
        }
        return process;
    }

    /** Member {@code member}'s log: every process it had in this scenario, one after the other. */
    private Path log(int member) {
        return logs.resolve("m" + member + ".log");
    }

    /** The current process of member {@code member} (from 1). */
    synchronized MemberProcess member(int member) {
        return current[member - 1];
    }

    /** The current processes that still run, in member order. */
    synchronized List<MemberProcess> live() {
        List<MemberProcess> live = new ArrayList<>();
        for (MemberProcess process : current) {
            if (process != null && process.isAlive()) {
                live.add(process);
            }
        }
        return live;
    }

    /** The addresses of the live members: what every directory must list once whole. */
    Set<String> liveAddresses() {
        return live().stream().map(MemberProcess::address).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether every live member's latest view lists exactly the live members. */
    boolean directoriesWhole() {
        Set<String> expected = liveAddresses();
        return live().stream().allMatch(process -> process.latestView() != null
                && process.latestView().members().equals(expected));
    }

    /** Kills every process this scenario started, by PID. */
    @Override
    public synchronized void close() {
        everyStarted.forEach(MemberProcess::destroy);
    }
}
