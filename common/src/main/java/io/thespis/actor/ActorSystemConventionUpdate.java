package io.thespis.actor;

import java.util.Map;

/**
 * Tells an actor that called {@link Actor#notifyOnSystemRegistrationChanges(boolean)
 * notifyOnSystemRegistrationChanges(true)} that a system joined, changed its capabilities, or left the
 * Convention.
 *
 * @param remoteAdminAddress the admin address of the system concerned
 * @param remoteCapabilities its capabilities (empty when it left)
 * @param remoteAdded        {@code true} when it joined or re-registered, {@code false} when it left
 */
public record ActorSystemConventionUpdate(String remoteAdminAddress, Map<String, Object> remoteCapabilities,
                                          boolean remoteAdded) implements ActorSystemMessage {
    /** Keeps an immutable copy of the capabilities. */
    public ActorSystemConventionUpdate {
        remoteCapabilities = Map.copyOf(remoteCapabilities);
    }
}
