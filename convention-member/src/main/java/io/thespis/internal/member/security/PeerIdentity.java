package io.thespis.internal.member.security;

import io.grpc.Grpc;
import io.grpc.ServerCall;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who the other end of a connection is, as its certificate (verified against the Convention CA in the handshake)
 * says: its {@link Role}, its name and, for a member, the hosts it may advertise.
 *
 * <p>A peer without a usable role, because the connection is not TLS, it sent no certificate, or its certificate
 * holds no {@code urn:thespis:role:} URI, an unknown one or more than one, has no {@link #role()}; its
 * {@link #toString()} then says "no Thespis role" and why, for a refusal to quote.
 *
 * <pre>{@code
 * PeerIdentity peer = PeerIdentity.of(call);            // in a ServerInterceptor
 * if (!peer.hasRole(Role.OPERATOR)) {
 *     call.close(Status.PERMISSION_DENIED.withDescription(peer + " may not ..."), new Metadata());
 * }
 * }</pre>
 */
public final class PeerIdentity {
    private final Role role;
    private final String name;
    private final List<String> hosts;
    private final String description;

    private PeerIdentity(Role role, String name, List<String> hosts, String description) {
        this.role = role;
        this.name = name;
        this.hosts = hosts;
        this.description = description;
    }

    /** The peer of a gRPC server call, from its transport's TLS session. */
    public static PeerIdentity of(ServerCall<?, ?> call) {
        return of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    }

    /** The peer of a TLS session; {@code null} stands for a connection that is not TLS. */
    public static PeerIdentity of(SSLSession session) {
        if (session == null) {
            return unidentified("the connection is not TLS");
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return unidentified("the peer presented no certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return unidentified("the peer presented no X.509 certificate");
        }
        return of(leaf);
    }

    /** The holder of {@code certificate}, whose chain has been verified. */
    public static PeerIdentity of(X509Certificate certificate) {
        String subject = "certificate " + certificate.getSubjectX500Principal().getName();
        List<SubjectAltName> names;
        try {
            names = SubjectAltName.of(certificate);
        } catch (IllegalArgumentException e) {
            return unidentified(e.getMessage());
        }
        List<String> roles = new ArrayList<>();
        String name = "";
        List<String> hosts = new ArrayList<>();
        for (SubjectAltName san : names) {
            if (san.kind() == SubjectAltName.Kind.URI && san.value().startsWith(Role.URI_PREFIX)) {
                roles.add(san.value().substring(Role.URI_PREFIX.length()));
            } else if (san.kind() == SubjectAltName.Kind.URI && san.value().startsWith(ConventionCa.NAME_URI_PREFIX)
                    && name.isEmpty()) {
                name = san.value().substring(ConventionCa.NAME_URI_PREFIX.length());
            } else if (san.kind() != SubjectAltName.Kind.URI) {
                hosts.add(canonicalOrAsIs(san.value()));
            }
        }
        if (roles.isEmpty()) {
            return unidentified(subject + " holds no " + Role.URI_PREFIX + "... URI");
        }
        if (roles.size() > 1) {
            return unidentified(subject + " holds " + roles.size() + " roles " + roles);
        }
        Optional<Role> role = Role.ofLabel(roles.get(0));
        if (role.isEmpty()) {
            return unidentified(subject + " holds the unknown role '" + roles.get(0) + "'");
        }
        String description = role.get().label() + " " + (name.isEmpty() ? subject : name)
                + (hosts.isEmpty() ? "" : " (" + String.join(", ", hosts) + ")");
        return new PeerIdentity(role.get(), name, List.copyOf(hosts), description);
    }

    private static PeerIdentity unidentified(String why) {
        return new PeerIdentity(null, "", List.of(), "no Thespis role: " + why);
    }

    private static String canonicalOrAsIs(String host) {
        try {
            return Hosts.canonical(host);
        } catch (IllegalArgumentException e) {
            return host.toLowerCase(Locale.ROOT);
        }
    }

    /** The peer's role; empty when it has none (see the class comment). */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** Whether the peer's role is {@code role}. */
    public boolean hasRole(Role role) {
        return this.role == role;
    }

    /** The name in the peer's {@code urn:thespis:name:} URI; empty when it has none. */
    public String name() {
        return name;
    }

    /** The IP addresses and DNS names the peer's certificate holds, in canonical form. */
    public List<String> hosts() {
        return hosts;
    }

    /**
     * Whether the certificate holds {@code host}: an IP address (any spelling, brackets allowed) matches an IP entry
     * for the same address, a DNS name matches a DNS entry ignoring case and a trailing dot. No wildcards, no
     * resolving: a member's identity is the address it advertises.
     */
    public boolean coversHost(String host) {
        Optional<InetAddress> ip = Hosts.ipLiteral(host);
        if (ip.isPresent()) {
            return hosts.contains(ip.get().getHostAddress());
        }
        try {
            return hosts.contains(Hosts.canonical(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code operator alice}, {@code member db (10.0.0.2)}, or {@code no Thespis role: } and why. */
    @Override
    public String toString() {
        return description;
    }
}
