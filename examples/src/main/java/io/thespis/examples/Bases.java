package io.thespis.examples;

import io.thespis.actor.SystemBase;

import java.util.Arrays;
import java.util.Locale;

/** Reads the optional system base argument of the examples. */
public final class Bases {
    private Bases() {
    }

    /** The base {@code args[0]} names (in any case), or {@link SystemBase#CONCURRENT}; exits with 2 on a bad name. */
    public static SystemBase fromArguments(String[] args) {
        if (args.length == 0) {
            return SystemBase.CONCURRENT;
        }
        try {
            return SystemBase.valueOf(args[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("unknown system base '" + args[0] + "'; expected one of "
                    + Arrays.toString(SystemBase.values()));
            System.exit(2);
            throw e;
        }
    }
}
