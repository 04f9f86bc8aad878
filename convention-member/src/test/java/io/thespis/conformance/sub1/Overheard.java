package io.thespis.conformance.sub1;

import io.thespis.actor.ActorAddress;

/**
 * A line to pass down a floor, and whom to tell that it was heard ({@code null} until {@link UpperFloor} sets it):
 * the tuples {@code thespian/test/sub1/upper.py} and {@code sub1/sub2/lower.py} exchange.
 *
 * @param text    what was heard
 * @param replyTo who hears back
 */
public record Overheard(String text, ActorAddress replyTo) {
}
