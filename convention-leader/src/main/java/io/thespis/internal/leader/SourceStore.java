package io.thespis.internal.leader;

import io.thespis.internal.source.SourceJar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory of source jars named by their SHA-256: the leader's store of loaded sources, and a member's copies
 * of the ones it fetched. Names are checked hashes, so no request can reach a file outside the directory; a jar is
 * written to a temporary file first and moved into place, so a crash never leaves half a jar under a hash.
 */
public final class SourceStore {
    private static final String SUFFIX = ".jar";

    private final Path directory;

    /**
     * A store in {@code directory}, created if missing.
     *
     * @throws UncheckedIOException when it cannot be created
     */
    public SourceStore(Path directory) {
        try {
            this.directory = Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the source directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Where the jars are. */
    public Path directory() {
        return directory;
    }

    /** Keeps {@code jar} under {@code hash}. */
    public void put(String hash, byte[] jar) {
        Path target = file(hash);
        try {
            Path partial = Files.createTempFile(directory, "incoming-", ".part");
            try {
                Files.write(partial, jar);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store source " + hash + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Whether a jar is kept under {@code hash}. */
    public boolean contains(String hash) {
        return Files.isRegularFile(file(hash));
    }

    /** The jar kept under {@code hash}, to read in chunks. */
    public InputStream open(String hash) throws IOException {
        return Files.newInputStream(file(hash));
    }

    /** The size of the jar kept under {@code hash}. */
    public long size(String hash) throws IOException {
        return Files.size(file(hash));
    }

    /** The whole jar kept under {@code hash}. */
    public byte[] read(String hash) throws IOException {
        return Files.readAllBytes(file(hash));
    }

    /** Deletes the jar kept under {@code hash}; whether there was one. */
    public boolean remove(String hash) {
        try {
            return Files.deleteIfExists(file(hash));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete source " + hash + " from " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The hashes of the jars kept here. */
    public List<String> hashes() {
        List<String> hashes = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.toList()) {
                String name = path.getFileName().toString();
                if (name.endsWith(SUFFIX) && name.length() == 64 + SUFFIX.length()) {
                    hashes.add(name.substring(0, 64));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        return hashes;
    }

    /** Deletes every jar whose hash is not in {@code keep}; returns the hashes deleted. */
    public List<String> retainOnly(Set<String> keep) {
        List<String> deleted = new ArrayList<>();
        for (String hash : hashes()) {
            if (!keep.contains(hash) && remove(hash)) {
                deleted.add(hash);
            }
        }
        return deleted;
    }

    private Path file(String hash) {
        return directory.resolve(SourceJar.checkHash(hash) + SUFFIX);
    }
}
