package io.thespis.internal.membership;

/**
 * Who a networked system is: its advertised {@code host:port} and the incarnation of its process. Written as
 * {@code host:port/incarnation} (base 36), it is the system part of every address of its actors, so an address
 * of a previous incarnation never reaches the actors of a restarted one.
 *
 * @param address     the advertised {@code host:port}
 * @param incarnation grows with every start of the process
 */
public record SystemIdentity(String address, long incarnation) {

    /** The system part of actor addresses. */
    public String systemId() {
        return address + "/" + Long.toString(incarnation, 36);
    }

    /** The identity written as {@code systemId}, or {@code null} when it is not one. */
    public static SystemIdentity parse(String systemId) {
        int slash = systemId.lastIndexOf('/');
        if (slash <= 0 || slash == systemId.length() - 1) {
            return null;
        }
        try {
            return new SystemIdentity(systemId.substring(0, slash), Long.parseLong(systemId.substring(slash + 1), 36));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
