package io.thespis.internal.member.sources;

import io.thespis.actor.ActorSystemException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a networked system keeps what must outlive a call: the source jars. The operator's directory is created
 * if missing and kept; without one, a fresh temporary directory lives as long as the system.
 */
public final class StateDirectory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StateDirectory.class.getName());

    private final Path path;
    private final boolean temporary;

    private StateDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * The directory {@code configured}, or a temporary one when it is {@code null}.
     *
     * @throws ActorSystemException naming the directory when it cannot be created
     */
    public static StateDirectory open(Path configured) {
        try {
            return configured == null
                    ? new StateDirectory(Files.createTempDirectory("thespis-state-"), true)
                    : new StateDirectory(Files.createDirectories(configured), false);
        } catch (IOException e) {
            throw new ActorSystemException("cannot create the state directory "
                    + (configured == null ? "in " + System.getProperty("java.io.tmpdir") : configured) + ": " + e, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes a temporary directory; keeps the operator's. */
    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete the temporary state directory " + path + ": " + e);
        }
    }
}
