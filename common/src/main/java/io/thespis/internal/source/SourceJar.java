package io.thespis.internal.source;

import io.thespis.actor.InvalidSourceException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The entries of one actor source (a jar), read from its bytes with every bound checked: entry names must be
 * relative paths inside the jar, names appear once, and the expanded size stays within a limit (no zip bombs).
 * Entries are kept in memory and never written to disk, so no entry name can place a file anywhere.
 */
public final class SourceJar {
    /** How many times its own size a jar may expand to. */
    static final int MAX_EXPANSION = 8;

    private final String hash;
    private final long size;
    private final Map<String, byte[]> entries;
    private final Set<String> packages;

    private SourceJar(String hash, long size, Map<String, byte[]> entries, Set<String> packages) {
        this.hash = hash;
        this.size = size;
        this.entries = entries;
        this.packages = packages;
    }

    /**
     * Reads a jar's entries.
     *
     * @param maxBytes the largest jar accepted
     * @throws InvalidSourceException naming what is wrong: too large, not a jar, an unsafe or repeated entry name
     */
    public static SourceJar read(byte[] jar, long maxBytes) {
        if (jar.length > maxBytes) {
            throw new InvalidSourceException("the source is " + jar.length + " bytes; the limit is " + maxBytes
                    + " bytes (set with --max-source-size)");
        }
        String hash = sha256(jar);
        long expansionLimit = Math.max(jar.length, 1L) * MAX_EXPANSION + 1024 * 1024;
        Map<String, byte[]> entries = new HashMap<>();
        Set<String> packages = new TreeSet<>();
        long expanded = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = checkedName(entry.getName());
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = readBounded(zip, expansionLimit - expanded, name);
                expanded += content.length;
                if (entries.putIfAbsent(name, content) != null) {
                    throw new InvalidSourceException("the source has entry " + name + " twice");
                }
                if (name.endsWith(".class") && name.lastIndexOf('/') > 0) {
                    packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSourceException("the source is not a readable jar: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new InvalidSourceException("the source is not a jar, or an empty one: it has no entries");
        }
        return new SourceJar(hash, jar.length, Map.copyOf(entries), Set.copyOf(packages));
    }

    private static String checkedName(String name) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || name.indexOf('\0') >= 0;
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                unsafe = true;
            }
        }
        if (unsafe) {
            throw new InvalidSourceException("the source has an entry named '" + name + "': entry names must be "
                    + "relative paths that stay inside the jar");
        }
        return name;
    }

    private static byte[] readBounded(InputStream in, long remaining, String name) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, remaining + 1));
        if (content.length > remaining) {
            throw new InvalidSourceException("the source expands beyond " + MAX_EXPANSION + " times its size at "
                    + "entry " + name + "; refused as a possible zip bomb");
        }
        return content;
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex: the name of a source. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Checks that {@code hash} looks like a source name (64 lower-case hex digits).
     *
     * @throws InvalidSourceException naming the bad value
     */
    public static String checkHash(String hash) {
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new InvalidSourceException("a source hash is the 64 lower-case hex digits of a SHA-256, got '"
                    + hash + "'");
        }
        return hash;
    }

    /** The jar's SHA-256, in lower-case hex. */
    public String hash() {
        return hash;
    }

    /** The jar's size in bytes. */
    public long size() {
        return size;
    }

    /** The content of entry {@code name}, or {@code null}. */
    byte[] entry(String name) {
        return entries.get(name);
    }

    /** The packages of the jar's classes: the message types the codec allows for this source. */
    public Set<String> packages() {
        return packages;
    }
}
