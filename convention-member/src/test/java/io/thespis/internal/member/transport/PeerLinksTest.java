package io.thespis.internal.member.transport;

import io.thespis.actor.ActorAddress;
import io.thespis.internal.codec.MessageCodec;
import io.thespis.internal.engine.Recipient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The links of an incarnation that is retired while its actors still send: whatever they send, before, during or
 * after the retirement, becomes a dead letter with the retirement's reason; nothing waits forever on a link nobody
 * serves any more.
 */
class PeerLinksTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SELF = "127.0.0.1:2/self";
    private static final String RETIRED = "this member was declared gone: delivery unknown";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService writers = Executors.newSingleThreadExecutor();
    /** Dead letters by reason. */
    private final Map<String, AtomicInteger> undelivered = new ConcurrentHashMap<>();
    private final PeerLinks links = new PeerLinks(SELF, new MessageCodec(List.of(), getClass().getClassLoader()),
            system -> null, scheduler, writers, GrpcEndpoints.PLAINTEXT, new PeerLink.Listener() {
                @Override
                public void undelivered(String system, PeerLink.Outbound outbound, String reason) {
                    undelivered.computeIfAbsent(reason, any -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void declaredGone(String reason) {
                }

                @Override
                public void streamFailed(String system) {
                }
            }, System::nanoTime, Duration.ofMillis(500), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        links.close();
        scheduler.shutdownNow();
        writers.shutdownNow();
    }

    /** A system at a port nothing listens on: its link keeps retrying, and holds what is sent to it. */
    private static String unreachablePeer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort() + "/peer";
        }
    }

    @Test
    void aRouteTakenBeforeTheRetirementAndUsedAfterItGivesADeadLetterWithItsReason() throws IOException {
        String peer = unreachablePeer();
        Recipient route = links.route(ActorAddress.of(peer, 1));
        links.retire(RETIRED);

        route.deliver("late", ActorAddress.of(SELF, 1));

        assertEquals(Map.of(RETIRED, 1), counts());
        assertNull(links.route(ActorAddress.of(peer, 1)), "no route once retired");
    }

    @Test
    void everythingSentWhileTheLinksAreRetiredBecomesADeadLetterWithItsReason() throws Exception {
        int senders = 4;
        int each = 5_000;
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            peers.add(unreachablePeer());
        }
        CountDownLatch halfway = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        for (String peer : peers) {
            Thread sender = new Thread(() -> {
                ActorAddress target = ActorAddress.of(peer, 1);
                Recipient route = links.route(target);
                for (int n = 0; n < each; n++) {
                    if (n == each / 2) {
                        halfway.countDown();
                    }
                    route.deliver("message " + n, ActorAddress.of(SELF, 1));
                }
            });
            threads.add(sender);
            sender.start();
        }
        halfway.await();
        links.retire(RETIRED);
        for (Thread sender : threads) {
            sender.join();
        }

        await().atMost(WAIT).until(() -> total() == senders * each);
        assertEquals(Map.of(RETIRED, senders * each), counts(), "held, raced or late: all for the same reason");
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        undelivered.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    private int total() {
        return undelivered.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
