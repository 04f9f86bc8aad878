package io.thespis.actor;

import java.time.Duration;

/**
 * Delivered to an actor once the delay it asked for with {@link Actor#wakeupAfter(Duration, Object)} has
 * passed.
 *
 * @param delay   the delay that was asked for
 * @param payload the payload given to {@code wakeupAfter}, or {@code null}
 */
public record WakeupMessage(Duration delay, Object payload) implements ActorSystemMessage {
}
