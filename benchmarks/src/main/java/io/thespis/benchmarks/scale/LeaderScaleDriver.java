package io.thespis.benchmarks.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.thespis.benchmarks.remote.Nodes;
import io.thespis.internal.leader.ConventionLeader;
import io.thespis.proto.v1.CapabilityUpdate;
import io.thespis.proto.v1.CapabilityValue;
import io.thespis.proto.v1.ConventionGrpc;
import io.thespis.proto.v1.Heartbeat;
import io.thespis.proto.v1.LeaderDown;
import io.thespis.proto.v1.MemberInfo;
import io.thespis.proto.v1.MemberUp;
import io.thespis.proto.v1.Register;
import io.thespis.proto.v1.StatusRequest;
import io.thespis.proto.v1.TransportGrpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leader at scale: starts a real leader ({@code thespis member}, {@code -Xmx512m}) in its own JVM, registers
 * {@code N} lightweight simulated members over real gRPC Join streams from this JVM (each heartbeats like a member),
 * and measures the time until the leader holds all of them, the time until every member holds the whole directory
 * (settled), then the time for one member's capability change to reach every member of the settled Convention, and
 * the leader's heap after a full GC. Prints one JSON object.
 *
 * <p>Usage: {@code LeaderScaleDriver MEMBERS [SETTLE_SECONDS]} (how long to wait for a settled Convention; 300)
 */
public final class LeaderScaleDriver {
    private static final int MIN_CHANNELS = 8;
    /**
     * Join streams per channel at most: half a member's bound of 1,000 calls per connection, beyond which further
     * calls wait (with 8 channels, 2,000 of 10,000 simulated members were never welcomed).
     */
    private static final int STREAMS_PER_CHANNEL = 500;
    private static final long HEARTBEAT_MS = 500;
    /**
     * The leader's member timeout. The leader and thousands of simulated members share this machine's cores; with
     * the default 3 s, members whose heartbeats the starved simulating JVM sends late are declared gone (and, unlike
     * real members, are not re-registered), so the directory never settles.
     */
    private static final long MEMBER_TIMEOUT_MS = 15_000;

    private LeaderScaleDriver() {
    }

    /**
     * One simulated member: its stream, whether the leader welcomed it, which members its directory holds (a bit per
     * member, so 10,000 directories fit in a few MiB), whether it saw the probe's change.
     */
    private static final class Simulated implements StreamObserver<LeaderDown> {
        private final int members;
        private final CountDownLatch welcomed;
        private final CountDownLatch settled;
        private final CountDownLatch sawProbe;
        private final BitSet directory = new BitSet();
        private final AtomicBoolean seen = new AtomicBoolean();
        private boolean full;
        private StreamObserver<MemberUp> up;

        Simulated(int members, CountDownLatch welcomed, CountDownLatch settled, CountDownLatch sawProbe) {
            this.members = members;
            this.welcomed = welcomed;
            this.settled = settled;
            this.sawProbe = sawProbe;
        }

        @Override
        public synchronized void onNext(LeaderDown down) {
            if (down.hasWelcome()) {
                welcomed.countDown();
            }
            if (down.hasSnapshot()) {
                directory.clear();
            }
            List<MemberInfo> upserted = down.hasSnapshot() ? down.getSnapshot().getMembersList()
                    : down.hasDelta() ? down.getDelta().getUpsertedList() : List.of();
            for (MemberInfo member : upserted) {
                String address = member.getAddress();
                if (address.startsWith("sim-")) {
                    directory.set(Integer.parseInt(address, 4, address.length() - 2, 10));
                }
                if (address.equals("sim-0:1") && member.getGeneration() == 2 && seen.compareAndSet(false, true)) {
                    sawProbe.countDown();
                }
            }
            if (!full && directory.cardinality() == members) {
                full = true;
                settled.countDown();
            }
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onCompleted() {
        }

        synchronized void send(MemberUp message) {
            up.onNext(message);
        }
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.parseInt(args[0]);
        int settleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int port = Nodes.freePort();
        String leader = "127.0.0.1:" + port;
        Process leaderProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.thespis.internal.cli.Thespis", "member",
                "--port", String.valueOf(port), "--member-timeout-ms", String.valueOf(MEMBER_TIMEOUT_MS))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<ManagedChannel> channels = new ArrayList<>();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        // Bounded, as a member's own client is: gRPC's default executor would start a thread per waiting stream.
        java.util.concurrent.ExecutorService streams = Executors.newFixedThreadPool(4);
        try {
            int channelCount = Math.max(MIN_CHANNELS, (members + STREAMS_PER_CHANNEL - 1) / STREAMS_PER_CHANNEL);
            for (int i = 0; i < channelCount; i++) {
                channels.add(NettyChannelBuilder.forTarget(leader).usePlaintext().executor(streams)
                        .maxInboundMessageSize(64 * 1024 * 1024).build());
            }
            awaitLeader(channels.get(0), 60_000);
            CountDownLatch welcomed = new CountDownLatch(members);
            CountDownLatch settled = new CountDownLatch(members);
            CountDownLatch sawProbe = new CountDownLatch(members);
            List<Simulated> simulated = new ArrayList<>();
            long registerStart = System.nanoTime();
            for (int i = 0; i < members; i++) {
                Simulated member = new Simulated(members, welcomed, settled, sawProbe);
                member.up = ConventionGrpc.newStub(channels.get(i % channelCount)).join(member);
                member.send(MemberUp.newBuilder().setRegister(Register.newBuilder()
                        .setProtocolVersion(ConventionLeader.PROTOCOL_VERSION)
                        .setMember(MemberInfo.newBuilder().setAddress("sim-" + i + ":1").setMemberId("sim-" + i)
                                .setIncarnation(1).setGeneration(1).setVersion(1).putCapabilities("role",
                                        CapabilityValue.newBuilder().setStringValue("simulated").build()))).build());
                simulated.add(member);
            }
            heartbeats.scheduleAtFixedRate(() -> simulated.forEach(member -> member.send(MemberUp.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setActorCount(0)).build())),
                    HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
            // Registered: the leader accepted the member and welcomed it.
            boolean allRegistered = welcomed.await(300, TimeUnit.SECONDS);
            double registeredMs = (System.nanoTime() - registerStart) / 1e6;
            if (!allRegistered) {
                throw new IllegalStateException(welcomed.getCount() + " of " + members + " members were not welcomed");
            }

            // Settled: every member holds the whole directory; changes from now on travel as deltas.
            boolean allSettled = settled.await(settleSeconds, TimeUnit.SECONDS);
            double settledMs = (System.nanoTime() - registerStart) / 1e6;

            long probeStart = System.nanoTime();
            simulated.get(0).send(MemberUp.newBuilder().setCapabilityUpdate(CapabilityUpdate.newBuilder()
                    .putCapabilities("role", CapabilityValue.newBuilder().setStringValue("probe").build())
                    .setGeneration(2).setVersion(2)).build());
            boolean reachedAll = sawProbe.await(60, TimeUnit.SECONDS);
            double probeMs = (System.nanoTime() - probeStart) / 1e6;

            long heapBytes = usedHeapAfterGc(leaderProcess.pid());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("members", members);
            result.put("registeredMs", registeredMs);
            result.put("leaderListsAfterRegistration", leaderMembers(channels.get(0)));
            result.put("settledMs", allSettled ? settledMs : null);
            result.put("membersSettled", members - settled.getCount());
            result.put("capabilityChangeReachedAllMs", reachedAll ? probeMs : null);
            result.put("membersThatSawIt", members - sawProbe.getCount());
            result.put("leaderHeapUsedBytes", heapBytes);
            result.put("leaderMaxHeap", "512m");
            System.out.println(new ObjectMapper().writeValueAsString(result));
        } finally {
            heartbeats.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
            streams.shutdownNow();
            leaderProcess.destroyForcibly();
            leaderProcess.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitLeader(ManagedChannel channel, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                leaderMembers(channel);
                return;
            } catch (RuntimeException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                TimeUnit.MILLISECONDS.sleep(100); // a poll interval while the leader's JVM starts
            }
        }
    }

    private static int leaderMembers(ManagedChannel channel) {
        return TransportGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance()).getSystem().getMembersCount();
    }

    /** The leader JVM's used heap after a full GC, from {@code jcmd}. */
    private static long usedHeapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        Matcher used = Pattern.compile("used (\\d+)K").matcher(text);
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }
}
