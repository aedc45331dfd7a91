package org.citywatch.analytics.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where alert evidence (snapshots, clips) is kept, by alert id; bounded by a retention policy. */
public interface EvidenceStore extends AutoCloseable {

    /** Keeps nothing (every put fails, so alerts say they have no evidence): for a node configured without evidence. */
    EvidenceStore DISCARD = new EvidenceStore() {
        @Override
        public void put(String alertId, Kind kind, byte[] bytes) throws IOException {
            throw new IOException("this node keeps no evidence");
        }

        @Override
        public void putFile(String alertId, Kind kind, Path file) throws IOException {
            java.nio.file.Files.deleteIfExists(file);
            throw new IOException("this node keeps no evidence");
        }

        @Override
        public Path newTempFile(String alertId, Kind kind) throws IOException {
            throw new IOException("this node keeps no evidence");
        }

        @Override
        public Optional<Path> find(String alertId, Kind kind) {
            return Optional.empty();
        }
    };

    /** The kinds of evidence and their file names. */
    enum Kind {
        SNAPSHOT("snapshot.jpg", "image/jpeg"), CLIP("clip.mp4", "video/mp4");

        public final String fileName;
        public final String mediaType;

        Kind(String fileName, String mediaType) {
            this.fileName = fileName;
            this.mediaType = mediaType;
        }
    }

    /** Stores the bytes (replacing any earlier ones of that kind). */
    void put(String alertId, Kind kind, byte[] bytes) throws IOException;

    /** Moves a finished file (a recorded clip) into the store. */
    void putFile(String alertId, Kind kind, Path file) throws IOException;

    /** A file to write a new piece of evidence into before {@link #putFile} (same file system, so the move is cheap). */
    Path newTempFile(String alertId, Kind kind) throws IOException;

    /** The stored file, if it is (still) there. */
    Optional<Path> find(String alertId, Kind kind);

    @Override
    default void close() {
    }
}
