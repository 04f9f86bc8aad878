package io.thespis.internal.source;

import io.thespis.actor.InvalidSourceException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The entries of one actor source (a jar), read from its bytes with every bound checked: entry names must be
 * canonical relative paths inside the jar, a name appears once (directories included, and a directory holds no
 * data), and the expanded size stays within a limit (no zip bombs). Entries are kept in memory and never written
 * to disk, so no entry name can place a file anywhere.
 *
 * <p>Each entry keeps the signers the JDK verified its bytes against, read in the same pass that kept the bytes,
 * so whoever checks the signers checks exactly the bytes a class loader later defines. A jar whose signature does
 * not match an entry's content is refused here. Nothing under {@code META-INF/} is content: it is the jar's
 * manifest and signatures, so {@link #classBytes} and {@link #resource} never return it.
 */
public final class SourceJar {
    /** How many times its own size a jar may expand to. */
    static final int MAX_EXPANSION = 8;
    private static final String META_INF = "META-INF/";

    /**
     * One file of the jar.
     *
     * @param content its bytes
     * @param signers who signed those bytes, as the JDK verified them against the signed manifest; empty if unsigned
     */
    record Entry(byte[] content, CodeSigner[] signers) {
    }

    private final String hash;
    private final long size;
    private final boolean hasManifest;
    private final Map<String, Entry> entries;
    private final Set<String> packages;

    private SourceJar(String hash, long size, boolean hasManifest, Map<String, Entry> entries, Set<String> packages) {
        this.hash = hash;
        this.size = size;
        this.hasManifest = hasManifest;
        this.entries = entries;
        this.packages = packages;
    }

    /**
     * Reads a jar's entries and their verified signers.
     *
     * @param maxBytes the largest jar accepted
     * @throws InvalidSourceException naming what is wrong: too large, not a jar, an unsafe or repeated entry name, a
     *                                directory with data, an entry whose content does not match its signature
     */
    public static SourceJar read(byte[] jar, long maxBytes) {
        if (jar.length > maxBytes) {
            throw new InvalidSourceException("the source is " + jar.length + " bytes; the limit is " + maxBytes
                    + " bytes (set with --max-source-size)");
        }
        long expansionLimit = Math.max(jar.length, 1L) * MAX_EXPANSION + 1024 * 1024;
        // The bounds are checked first, since the JDK reads a jar's manifest whole, before any entry is handed out.
        checkStructure(jar, expansionLimit);
        Map<String, Entry> entries = new HashMap<>();
        boolean hasManifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            hasManifest = in.getManifest() != null;
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = readBounded(in, expansionLimit, entry.getName());
                CodeSigner[] signers = entry.getCodeSigners();
                entries.put(entry.getName(), new Entry(content, signers == null ? new CodeSigner[0] : signers));
            }
        } catch (SecurityException e) {
            throw new InvalidSourceException("the source's signature does not match its content (tampered with "
                    + "after signing): " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSourceException("the source is not a readable jar: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new InvalidSourceException("the source is not a jar, or an empty one: it has no entries");
        }
        Set<String> packages = new TreeSet<>();
        for (String name : entries.keySet()) {
            if (name.endsWith(".class") && name.lastIndexOf('/') > 0 && !isMetaInf(name)) {
                packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
            }
        }
        return new SourceJar(sha256(jar), jar.length, hasManifest, Map.copyOf(entries), Set.copyOf(packages));
    }

    /** Every entry, the manifest included: a safe name, given once, a directory empty, the whole within bounds. */
    private static void checkStructure(byte[] jar, long expansionLimit) {
        Set<String> names = new HashSet<>();
        long expanded = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = checkedName(entry.getName());
                // The JDK finds META-INF's files whatever their letter case, so there case does not tell names apart.
                if (!names.add(isMetaInf(name) ? name.toUpperCase(Locale.ROOT) : name)) {
                    throw new InvalidSourceException("the source has entry " + name + " twice");
                }
                byte[] content = readBounded(zip, expansionLimit - expanded, name);
                if (entry.isDirectory() && content.length > 0) {
                    throw new InvalidSourceException("the source has a directory entry " + name + " that holds "
                            + content.length + " bytes; a directory holds no data");
                }
                expanded += content.length;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSourceException("the source is not a readable jar: " + e.getMessage());
        }
    }

    private static String checkedName(String name) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || name.indexOf('\0') >= 0;
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                unsafe = true;
            }
        }
        if (unsafe) {
            throw new InvalidSourceException("the source has an entry named '" + name + "': entry names must be "
                    + "relative paths that stay inside the jar, with no empty, '.' or '..' part");
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

    /** Whether entry {@code name} is under {@code META-INF/}, in any letter case (as the JDK compares it). */
    static boolean isMetaInf(String name) {
        return name.regionMatches(true, 0, META_INF, 0, META_INF.length());
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

    /** Whether the jar starts with a manifest, where the JDK looks for one. */
    boolean hasManifest() {
        return hasManifest;
    }

    /** Every file entry but the manifest (which the JDK reads apart), by name. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** The bytes of class {@code binaryName} (such as {@code demo.Hello}), or {@code null}; never from META-INF. */
    byte[] classBytes(String binaryName) {
        return resource(binaryName.replace('.', '/') + ".class");
    }

    /** The content of entry {@code name}, or {@code null}; {@code null} for anything under META-INF. */
    byte[] resource(String name) {
        Entry entry = isMetaInf(name) ? null : entries.get(name);
        return entry == null ? null : entry.content();
    }

    /** The packages of the jar's classes: the message types the codec allows for this source. */
    public Set<String> packages() {
        return packages;
    }
}
