package org.citywatch.analytics.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence files on disk, one directory per alert ({@code <root>/<alertId>/snapshot.jpg, clip.mp4}). Retention:
 * directories older than {@code maxAge} go, and past {@code maxBytes} in total the oldest alerts' evidence goes
 * first (alert ids sort by time). Files are written to a temporary name and moved into place, so a reader never
 * sees half a file.
 */
public final class DiskEvidenceStore implements EvidenceStore {

    private static final Logger log = LoggerFactory.getLogger(DiskEvidenceStore.class);
    private static final Pattern ID = Pattern.compile("[0-9A-Z]{26}");

    private final Path root;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    /** Bytes per alert directory, oldest first; guarded by this. */
    private final TreeMap<String, Long> sizes = new TreeMap<>();
    private long total;

    public DiskEvidenceStore(Path root, long maxBytes, Duration maxAge) throws IOException {
        this(root, maxBytes, maxAge, Clock.systemUTC());
    }

    DiskEvidenceStore(Path root, long maxBytes, Duration maxAge, Clock clock) throws IOException {
        if (maxBytes <= 0 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("evidence retention must be positive");
        }
        this.root = Files.createDirectories(root);
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
        scan();
        prune();
    }

    private void scan() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (Files.isDirectory(dir) && ID.matcher(id).matches()) {
                    long size = directorySize(dir);
                    sizes.put(id, size);
                    total += size;
                }
            }
        }
    }

    @Override
    public void put(String alertId, Kind kind, byte[] bytes) throws IOException {
        Path tmp = newTempFile(alertId, kind);
        Files.write(tmp, bytes);
        putFile(alertId, kind, tmp);
    }

    @Override
    public Path newTempFile(String alertId, Kind kind) throws IOException {
        Path dir = Files.createDirectories(dir(alertId));
        return Files.createTempFile(dir, "." + kind.name().toLowerCase(), ".part");
    }

    @Override
    public void putFile(String alertId, Kind kind, Path file) throws IOException {
        Path dir = Files.createDirectories(dir(alertId));
        Path target = dir.resolve(kind.fileName);
        try {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        long size = directorySize(dir);
        synchronized (this) {
            Long before = sizes.put(alertId, size);
            total += size - (before == null ? 0 : before);
        }
        prune();
    }

    @Override
    public Optional<Path> find(String alertId, Kind kind) {
        if (!ID.matcher(alertId).matches()) {
            return Optional.empty();
        }
        Path file = dir(alertId).resolve(kind.fileName);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Total bytes kept now. */
    public synchronized long bytes() {
        return total;
    }

    /** Drops what is past the retention; called after every put. */
    public void prune() {
        Instant oldest = clock.instant().minus(maxAge);
        while (true) {
            Map.Entry<String, Long> first;
            synchronized (this) {
                first = sizes.firstEntry();
                if (first == null) {
                    return;
                }
                boolean tooOld = AlertIdTime.of(first.getKey()).isBefore(oldest);
                if (!tooOld && total <= maxBytes) {
                    return;
                }
                sizes.remove(first.getKey());
                total -= first.getValue();
            }
            delete(dir(first.getKey()));
        }
    }

    private Path dir(String alertId) {
        if (!ID.matcher(alertId).matches()) {
            throw new IllegalArgumentException("not an alert id: " + alertId);
        }
        return root.resolve(alertId);
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Evidence {}: could not be deleted ({}); retention will try again", dir, e.getMessage());
        }
    }
}
