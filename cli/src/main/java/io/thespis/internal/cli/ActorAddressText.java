package io.thespis.internal.cli;

import io.thespis.actor.ActorAddress;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Actor addresses as an operator types them: as printed ({@code ActorAddr-(127.0.0.1:1900/abc#12)}) or bare
 * ({@code 127.0.0.1:1900/abc#12}).
 */
final class ActorAddressText {
    private static final Pattern ACTOR_ADDRESS = Pattern.compile("(?:ActorAddr-\\()?([^#()\\s]+)#(-?\\d+)\\)?");
    private static final Pattern HOST_PORT_OF_SYSTEM = Pattern.compile("([^/]+:\\d{1,5})(?:/.*)?");

    private ActorAddressText() {
    }

    /** The address {@code text} names, or {@code null} when it is not an actor address. */
    static ActorAddress parse(String text) {
        Matcher actor = ACTOR_ADDRESS.matcher(text);
        if (!actor.matches()) {
            return null;
        }
        try {
            return ActorAddress.of(actor.group(1), Long.parseLong(actor.group(2)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The {@code HOST:PORT} of the member that owns {@code actor}, or {@code null} when its system names none. */
    static String memberOf(ActorAddress actor) {
        Matcher system = HOST_PORT_OF_SYSTEM.matcher(actor.system());
        return system.matches() ? system.group(1) : null;
    }
}
