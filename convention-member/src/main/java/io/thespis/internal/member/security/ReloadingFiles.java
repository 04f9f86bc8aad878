package io.thespis.internal.member.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value read from files and read again when they change, as Pekko's rotating-keys SSL engine provider does with
 * its PEM files: at most once per {@code interval} (read through an injected clock) the files' modification times,
 * sizes and identities are compared with those last read, and when they differ the value is loaded anew. A load
 * that fails keeps the previous value and logs one WARNING for that state of the files; the next change is tried
 * again.
 *
 * <p>{@link #current()} never waits for a load: handshakes run on event loops, so the one caller that finds a check
 * due does it, and callers meanwhile get the value as it was.
 *
 * @param <T> what the files hold
 */
final class ReloadingFiles<T> {
    private static final System.Logger LOG = System.getLogger(ReloadingFiles.class.getName());

    /**
     * One file's state. Its identity matters too (a file replaced whole is a new one): modification times are only
     * as fine as the kernel's clock tick, and two certificates are often of one size.
     */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (IOException e) {
                return new Stamp(null, -1, null);
            }
        }
    }

    /** What was loaded, from which state of the files, the value before it, and when the files were last looked at. */
    private record Snapshot<T>(T value, T previous, List<Stamp> stamps, Instant checkedAt) {
    }

    private final String what;
    private final List<Path> files;
    private final Supplier<T> load;
    private final Runnable changed;
    private final Duration interval;
    private final InstantSource clock;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Snapshot<T> snapshot;
    /** The state of the files whose load failed last; guarded by {@link #checking}. */
    private List<Stamp> failed;

    /**
     * Loads the value for the first time.
     *
     * @param what what the files hold, for the log ("TLS key material from /etc/thespis/tls/db.crt, ...")
     * @param load reads the files; throws a {@link RuntimeException} when they are unusable
     * @param changed runs after each load that replaced the value, on the thread that loaded it
     * @throws RuntimeException what the first {@code load} threw: without a first value there is nothing to keep
     */
    ReloadingFiles(String what, List<Path> files, Supplier<T> load, Runnable changed, Duration interval,
                   InstantSource clock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("reload interval must not be negative, got " + interval);
        }
        this.what = what;
        this.files = List.copyOf(files);
        this.load = load;
        this.changed = changed;
        this.interval = interval;
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Stamp> stamps = stamps();
        this.snapshot = new Snapshot<>(load.get(), null, stamps, clock.instant());
    }

    /** The value, loaded again first if a check is due and the files changed. */
    T current() {
        Snapshot<T> seen = snapshot;
        Instant now = clock.instant();
        if (now.isBefore(seen.checkedAt().plus(interval)) || !checking.tryLock()) {
            return seen.value();
        }
        boolean reloaded;
        try {
            reloaded = check(now);
        } finally {
            checking.unlock();
        }
        if (reloaded) {
            changed.run();
        }
        return snapshot.value();
    }

    /** Looks at the files and loads them if they changed; whether that replaced the value. */
    private boolean check(Instant now) {
        Snapshot<T> last = snapshot;
        if (now.isBefore(last.checkedAt().plus(interval))) {
            return false;
        }
        List<Stamp> stamps = stamps();
        if (stamps.equals(last.stamps()) || stamps.equals(failed)) {
            snapshot = new Snapshot<>(last.value(), last.previous(), last.stamps(), now);
            return false;
        }
        try {
            T value = load.get();
            snapshot = new Snapshot<>(value, last.value(), stamps, now);
            failed = null;
            LOG.log(System.Logger.Level.INFO, "reloaded " + what);
            return true;
        } catch (RuntimeException e) {
            failed = stamps;
            snapshot = new Snapshot<>(last.value(), last.previous(), last.stamps(), now);
            LOG.log(System.Logger.Level.WARNING, what + " changed but cannot be loaded; keeping what was loaded "
                    + "before: " + e.getMessage());
            return false;
        }
    }

    /** The values loaded last and, if any, just before it, without checking the files. */
    List<T> recent() {
        Snapshot<T> last = snapshot;
        List<T> values = new ArrayList<>(2);
        values.add(last.value());
        if (last.previous() != null) {
            values.add(last.previous());
        }
        return values;
    }

    private List<Stamp> stamps() {
        return files.stream().map(Stamp::of).toList();
    }
}
