package io.thespis.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probe's standard output: one JSON object a line, each with a {@code type} and the time {@code at} (this
 * machine's wall clock, which every process of a run shares), written whole by one thread at a time.
 */
final class ProbeOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    ProbeOutput(PrintStream out) {
        this.out = out;
    }

    /** Writes a line of {@code type} with {@code fields}, stamped with the current time. */
    void emit(String type, Map<String, ?> fields) {
        emitAt(type, System.currentTimeMillis(), fields);
    }

    /** Writes a line of {@code type} with {@code fields}, stamped with {@code at} (ms of the wall clock). */
    synchronized void emitAt(String type, long at, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("at", at);
        line.putAll(fields);
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
