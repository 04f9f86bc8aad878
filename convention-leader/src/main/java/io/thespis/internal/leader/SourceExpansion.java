package io.thespis.internal.leader;

import io.thespis.actor.InvalidSourceException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * How much memory a source takes once loaded: its entries are kept expanded in memory, so a jar that is small on the
 * wire can still exhaust a heap. Checked before a source is admitted, by reading it once and keeping nothing.
 */
public final class SourceExpansion {
    /** The most a source may expand to, whatever the heap: 256 MiB. */
    public static final long MAX_EXPANDED_BYTES = 256L * 1024 * 1024;
    /** What each entry is counted beyond its content: its name and the map that holds it. */
    static final int ENTRY_OVERHEAD_BYTES = 256;

    private static final int SCRATCH_BYTES = 64 * 1024;

    private SourceExpansion() {
    }

    /** The bound for this JVM: {@link #MAX_EXPANDED_BYTES}, or a quarter of the largest heap when that is less. */
    public static long limitForThisHeap() {
        return Math.min(MAX_EXPANDED_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Checks that {@code jar} expands to at most {@code limit} bytes, as its entries declare and as they are read.
     *
     * @throws InvalidSourceException saying the bound when it expands beyond, or when it is not a readable jar
     */
    public static void check(byte[] jar, long limit) {
        long expanded = 0;
        byte[] scratch = new byte[SCRATCH_BYTES];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                expanded += ENTRY_OVERHEAD_BYTES + entry.getName().length();
                if (entry.getSize() > 0 && expanded + entry.getSize() > limit) {
                    throw beyond(limit, "entry " + entry.getName() + " declares " + entry.getSize() + " bytes");
                }
                for (int read; (read = zip.read(scratch)) > 0; ) {
                    expanded += read;
                    if (expanded > limit) {
                        throw beyond(limit, "at entry " + entry.getName());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSourceException("the source is not a readable jar: " + e.getMessage());
        }
        if (expanded > limit) {
            throw beyond(limit, "its entries' names alone");
        }
    }

    private static InvalidSourceException beyond(long limit, String where) {
        return new InvalidSourceException("the source expands beyond " + limit / (1024 * 1024) + " MiB (" + where
                + "); a loaded source is kept expanded in memory, and this system allows at most "
                + "min(256 MiB, a quarter of its heap)");
    }
}
