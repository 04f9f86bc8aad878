package io.thespis.internal.member.membership;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A port that refuses connections means a dead process; one that accepts, or cannot be reached, decides nothing. */
class ProcessProbeTest {
    private final ProcessProbe probe = new ProcessProbe();

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void aPortThatRefusesConnectionsIsADeadProcess() throws Exception {
        CountDownLatch refused = new CountDownLatch(1);
        probe.probe(closedPort(), refused::countDown);
        assertTrue(refused.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aPortThatKeepsAcceptingIsNoEvidence() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + listening.getLocalPort();
            AtomicInteger verdicts = new AtomicInteger();
            CountDownLatch closedOne = new CountDownLatch(1);
            probe.probe(address, verdicts::incrementAndGet);
            probe.probe(closedPort(), closedOne::countDown);
            assertTrue(closedOne.await(5, TimeUnit.SECONDS), "another address is probed meanwhile");
            Duration window = ProcessProbe.SPACING.multipliedBy(ProcessProbe.PROBES * 2L);
            await().during(window).atMost(window.plusSeconds(5)).until(() -> verdicts.get() == 0);
        }
    }
}
