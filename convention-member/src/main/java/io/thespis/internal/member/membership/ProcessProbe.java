package io.thespis.internal.member.membership;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tells a dead process from a broken network: when a stream to a member fails, a plain TCP connection to its port
 * is tried at once, up to {@link #PROBES} times {@link #SPACING} apart (a dying process may still accept on its
 * listening socket for a moment). Only a host whose port is closed refuses it: that member's process is gone. A
 * timeout or an unreachable host is no evidence either way, and decides nothing.
 *
 * <p>A probe is on the path that a killed peer's detection takes (bounded at 100 ms), and the first one in a JVM
 * pays for loading the socket classes and linking its call sites (tens of milliseconds, measured by the fault
 * suite). So a new probe warms that path at once, by probing a loopback port it has just closed.
 */
public final class ProcessProbe {
    /** How many times the port is tried. */
    static final int PROBES = 80;
    /** How long apart. */
    static final Duration SPACING = Duration.ofMillis(5);
    /** How long one connection attempt may wait. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    /** A probe whose first real use does not pay for loading its code: it probes a closed loopback port now. */
    public ProcessProbe() {
        String closed = closedLoopbackPort();
        if (closed != null) {
            probe(closed, () -> { });
        }
    }

    /**
     * Probes {@code address} ({@code host:port}) on a thread of its own, unless a probe of it runs already, and runs
     * {@code refused} there if its port refuses connections.
     */
    public void probe(String address, Runnable refused) {
        if (!probing.add(address)) {
            return;
        }
        Thread probe = new Thread(() -> {
            try {
                if (portRefuses(address)) {
                    refused.run();
                }
            } finally {
                probing.remove(address);
            }
        }, "thespis-probe");
        probe.setDaemon(true);
        probe.start();
    }

    /** A loopback port that was free a moment ago and has no listener, or {@code null} if none could be had. */
    private static String closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return InetAddress.getLoopbackAddress().getHostAddress() + ":" + socket.getLocalPort();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean portRefuses(String address) {
        int colon = address.lastIndexOf(':');
        InetSocketAddress port = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        for (int attempt = 0; attempt < PROBES; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(port, (int) CONNECT_TIMEOUT.toMillis());
                TimeUnit.MILLISECONDS.sleep(SPACING.toMillis());
            } catch (ConnectException closed) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (IOException | RuntimeException unknown) {
                return false;
            }
        }
        return false;
    }
}
