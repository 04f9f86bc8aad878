/**
 * The Thespis actor API: everything application code needs.
 *
 * <p>Write actors by extending {@link io.thespis.actor.Actor}; start a system with
 * {@link io.thespis.actor.ActorSystem#create()} or {@link io.thespis.actor.ActorSystem#builder()}; declare where
 * an actor may run with {@link io.thespis.actor.RequireCapability} and an optional static
 * {@code actorSystemCapabilityCheck(Map, Map)} method.
 */
package io.thespis.actor;
