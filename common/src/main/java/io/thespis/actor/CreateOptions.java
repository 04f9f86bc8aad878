package io.thespis.actor;

import java.time.Duration;
import java.util.Map;

/**
 * How to create an actor, beyond its class. Start from {@link #none()} and add what you need:
 *
 * <pre>{@code
 * createActor(Worker.class, CreateOptions.none().withGlobalName("registry"));
 * }</pre>
 *
 * @param requirements     passed to the class's {@code actorSystemCapabilityCheck} as its second argument
 * @param globalName       when set, the existing actor of that name in the system is returned instead of a new one
 * @param sourceHash       the loaded source to create the class from, or {@code null} for the classpath
 * @param placementTimeout how long to wait for a qualifying system before failing; {@code Duration.ZERO} fails at once
 */
public record CreateOptions(Map<String, Object> requirements, String globalName, String sourceHash,
                            Duration placementTimeout) {
    private static final CreateOptions NONE = new CreateOptions(Map.of(), null, null, Duration.ZERO);

    /** Checks the values and keeps an immutable copy of the requirements. */
    public CreateOptions {
        requirements = requirements == null ? Map.of() : checkedCopy(requirements);
        if (globalName != null && globalName.isBlank()) {
            throw new IllegalArgumentException("globalName must not be blank; use null for no global name");
        }
        placementTimeout = placementTimeout == null ? Duration.ZERO : placementTimeout;
        if (placementTimeout.isNegative()) {
            throw new IllegalArgumentException("placementTimeout must not be negative, got " + placementTimeout);
        }
    }

    /**
     * A copy of {@code requirements}, which must not hold {@code null}, as the capabilities they are checked against
     * do not.
     */
    private static Map<String, Object> checkedCopy(Map<String, Object> requirements) {
        requirements.forEach((name, value) -> {
            if (name == null) {
                throw new IllegalArgumentException("requirement names must not be null, got requirements "
                        + requirements);
            }
            if (value == null) {
                throw new IllegalArgumentException("requirement '" + name + "' needs a value, got null; leave it out "
                        + "instead");
            }
        });
        return Map.copyOf(requirements);
    }

    /** No requirements, no global name, from the classpath, fail placement at once. */
    public static CreateOptions none() {
        return NONE;
    }

    /** These options with {@code requirements} for the check method. */
    public CreateOptions withRequirements(Map<String, Object> requirements) {
        return new CreateOptions(requirements, globalName, sourceHash, placementTimeout);
    }

    /** These options with a global name. */
    public CreateOptions withGlobalName(String globalName) {
        return new CreateOptions(requirements, globalName, sourceHash, placementTimeout);
    }

    /** These options creating from the loaded source {@code sourceHash}. */
    public CreateOptions withSourceHash(String sourceHash) {
        return new CreateOptions(requirements, globalName, sourceHash, placementTimeout);
    }

    /** These options waiting up to {@code placementTimeout} for a qualifying system. */
    public CreateOptions withPlacementTimeout(Duration placementTimeout) {
        return new CreateOptions(requirements, globalName, sourceHash, placementTimeout);
    }
}
