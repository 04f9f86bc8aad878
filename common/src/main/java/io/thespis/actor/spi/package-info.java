/**
 * The service interface through which {@code thespis-convention-member} supplies networked systems; not for
 * application code.
 */
package io.thespis.actor.spi;
