package io.thespis.internal.engine;

import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Which actor a log line is about, as the SLF4J MDC keys {@value #ADDRESS} (the address, as
 * {@link io.thespis.actor.ActorAddress#toString()} writes it) and {@value #CLASS} (the actor class's name). The
 * engine sets them while an actor runs (its turns and its constructor) and around the system's own lines about an
 * actor, then puts back what the thread had before, so an actor creating another, or outside code running turns on
 * the sequential base, keeps its own.
 *
 * <p>Inert when no SLF4J provider is on the class path: a program that uses only {@code thespis-common} then gets
 * no SLF4J "no providers" warning, and the turns pay nothing for it.
 */
final class ActorLogContext {
    /** The MDC key of the actor's address. */
    static final String ADDRESS = "actorAddress";
    /** The MDC key of the actor's class name. */
    static final String CLASS = "actorClass";

    private static final boolean ENABLED = providerPresent();

    private ActorLogContext() {
    }

    /** The address this thread's lines are about now, to give back to {@link #restore}; {@code null} if none. */
    static String address() {
        return ENABLED ? MDC.get(ADDRESS) : null;
    }

    /** The actor class this thread's lines are about now, to give back to {@link #restore}; {@code null} if none. */
    static String actorClass() {
        return ENABLED ? MDC.get(CLASS) : null;
    }

    /** Makes this thread's lines about {@code cell}, until {@link #restore}. */
    static void set(ActorCell cell) {
        if (ENABLED) {
            MDC.put(ADDRESS, cell.addressText());
            MDC.put(CLASS, cell.actorClass().getName());
        }
    }

    /** Puts back what {@link #address()} and {@link #actorClass()} returned before {@link #set}. */
    static void restore(String address, String actorClass) {
        if (ENABLED) {
            put(ADDRESS, address);
            put(CLASS, actorClass);
        }
    }

    /** Runs {@code line}, a log statement of the system's about {@code cell}, with the keys of {@code cell}. */
    static void about(ActorCell cell, Runnable line) {
        String outerAddress = address();
        String outerClass = actorClass();
        set(cell);
        try {
            line.run();
        } finally {
            restore(outerAddress, outerClass);
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Whether SLF4J will find a provider, looked up as SLF4J does, without starting SLF4J. */
    private static boolean providerPresent() {
        if (System.getProperty(LoggerFactory.PROVIDER_PROPERTY_KEY) != null) {
            return true;
        }
        try {
            return ServiceLoader.load(SLF4JServiceProvider.class, SLF4JServiceProvider.class.getClassLoader())
                    .iterator().hasNext();
        } catch (ServiceConfigurationError e) {
            return false; // SLF4J reports the broken provider itself when it starts
        }
    }
}
