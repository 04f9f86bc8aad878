package io.thespis.internal.member.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Host names and IP literals as certificates hold them: checked, and written in one canonical form. */
final class Hosts {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Hosts() {
    }

    /**
     * {@code host} in canonical form: an IP address as {@link InetAddress#getHostAddress()} writes it, a DNS name in
     * lower case without a trailing dot. Never resolves anything.
     *
     * @throws IllegalArgumentException naming {@code host} when it is neither
     */
    static String canonical(String host) {
        Optional<InetAddress> ip = ipLiteral(host);
        if (ip.isPresent()) {
            return ip.get().getHostAddress();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        name = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.length() > 253 || !name.chars().allMatch(c -> c < 128)) {
            throw notAHost(host);
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw notAHost(host);
            }
        }
        // A name ending in digits only is a mistyped address (1.2.3, 300.1.2.3), never a host: no TLD is numeric.
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw notAHost(host);
        }
        return name;
    }

    /** The address {@code host} spells when it is an IP literal (IPv6 with or without brackets). */
    static Optional<InetAddress> ipLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // Only literals reach getByName, which then parses instead of resolving; a zone (%eth0) has no place in a
        // certificate.
        if (!IPV4.matcher(literal).matches() && (!literal.contains(":") || literal.contains("%"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static IllegalArgumentException notAHost(String host) {
        return new IllegalArgumentException("host '" + host + "' is neither an IP address nor a DNS name "
                + "(e.g. 10.0.0.2, ::1 or db.example.com)");
    }
}
