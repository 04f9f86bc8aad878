package io.thespis.internal.cli;


import io.thespis.internal.member.wire.WholeNumbers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Capabilities as operators write them: {@code NAME=VALUE}, where {@code true}/{@code false} are booleans,
 * integers and decimals are numbers, and anything else is a string. Names may contain spaces
 * ({@code "Has DB access=true"}).
 */
final class CapabilityValues {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?\\d+[eE][+-]?\\d+");

    private CapabilityValues() {
    }

    /** The typed value of {@code text}. */
    static Object typed(String text) {
        String value = text.trim();
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        if (INTEGER.matcher(value).matches()) {
            return WholeNumbers.narrowest(Long.parseLong(value));
        }
        if (DECIMAL.matcher(value).matches()) {
            return Double.valueOf(value);
        }
        return value;
    }

    /**
     * Parses {@code NAME=VALUE} entries into {@code into}, later ones replacing earlier ones.
     *
     * @param source where the entries came from (a flag, a variable, a file), for the error message
     */
    static void parse(List<String> entries, String source, Map<String, Object> into) {
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                throw new UsageException(source + ": expected NAME=VALUE (e.g. \"Has DB access=true\" or zone=eu-west), "
                        + "got '" + entry + "'");
            }
            into.put(entry.substring(0, equals).trim(), typed(entry.substring(equals + 1)));
        }
    }

    /** Reads a file of {@code NAME=VALUE} lines; blank lines and lines starting with {@code #} are skipped. */
    static Map<String, Object> readFile(Path file, String source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException(source + ": cannot read capabilities file " + file + ": " + e.getMessage());
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                parse(List.of(trimmed), source + " " + file + " line " + number, capabilities);
            }
        }
        return capabilities;
    }
}
