package io.thespis.internal.member.transport;

import io.thespis.actor.spi.TlsSettings;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Secure by default: which transport a member or a client may use. With TLS settings, mutual TLS. Without them,
 * unauthenticated plaintext, allowed only when every host involved (where it listens, whom it dials) is a loopback
 * address, or when the operator explicitly asked for it ({@code --insecure-plaintext}, for networks secured by
 * other means); either way it says so at start, at WARNING.
 */
public final class TransportPolicy {
    private static final System.Logger LOG = System.getLogger(TransportPolicy.class.getName());

    private TransportPolicy() {
    }

    /**
     * The endpoints {@code who} (for messages: "this member", "this client") may use to reach or serve
     * {@code hosts}.
     *
     * @param tls               its TLS files, or {@code null}
     * @param insecurePlaintext whether the operator allowed plaintext beyond loopback
     * @throws IllegalArgumentException when plaintext would leave loopback without that permission, or when both
     *                                  TLS and plaintext were asked for, or a TLS file is unusable
     */
    public static GrpcEndpoints choose(String who, TlsSettings tls, boolean insecurePlaintext, List<String> hosts) {
        if (tls != null) {
            if (insecurePlaintext) {
                throw new IllegalArgumentException(who + " was given TLS files and --insecure-plaintext; give one");
            }
            return GrpcEndpoints.mutualTls(tls);
        }
        List<String> beyondLoopback = hosts.stream().filter(host -> !isLoopback(host)).toList();
        if (beyondLoopback.isEmpty()) {
            LOG.log(Level.WARNING, who + " runs unauthenticated plaintext, on loopback only: anyone on this host can "
                    + "use it; give it a certificate (--tls-dir, made by thespis certs) to authenticate every hop");
            return GrpcEndpoints.PLAINTEXT;
        }
        if (!insecurePlaintext) {
            throw new IllegalArgumentException(who + " has no TLS settings and would run unauthenticated plaintext "
                    + "beyond loopback (" + String.join(", ", beyondLoopback) + "): give it its certificate "
                    + "(--tls-dir DIR [--tls-name NAME], or THESPIS_TLS_DIR; make them with thespis certs), or pass "
                    + "--insecure-plaintext on a network secured by other means");
        }
        LOG.log(Level.WARNING, who + " runs unauthenticated plaintext beyond loopback (" + String.join(", ",
                beyondLoopback) + "), as --insecure-plaintext asked: whoever reaches its port owns the Convention");
        return GrpcEndpoints.PLAINTEXT;
    }

    /** Whether {@code host} (a name or an IP literal) is a loopback address; a name that does not resolve is not. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
