package io.thespis.examples.hello;

import io.thespis.actor.SystemBase;

import java.util.Arrays;

/** Reads the optional system base argument of the examples. */
final class Bases {
    private Bases() {
    }

    static SystemBase fromArguments(String[] args) {
        if (args.length == 0) {
            return SystemBase.CONCURRENT;
        }
        try {
            return SystemBase.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("unknown system base '" + args[0] + "'; expected one of "
                    + Arrays.toString(SystemBase.values()));
            System.exit(2);
            throw e;
        }
    }
}
