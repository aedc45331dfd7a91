package org.citywatch.assets;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A file the project needs at run time but does not carry: model weights, labels, sample clips.
 *
 * @param folder   the folder it sits in under an assets directory ("models" or "media")
 * @param file     its file name
 * @param sha256   the digests accepted for it (lower-case hex); a file with another digest is rejected
 * @param upstream where it can be downloaded from, when such an address is known
 */
public record AssetRef(String folder, String file, Set<String> sha256, Optional<URI> upstream) {

    public AssetRef {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(file, "file");
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("asset file must be a plain file name: " + file);
        }
        sha256 = Set.copyOf(sha256);
        if (sha256.isEmpty()) {
            throw new IllegalArgumentException("asset " + file + " needs at least one sha256");
        }
        Objects.requireNonNull(upstream, "upstream");
    }

    public boolean accepts(String digest) {
        return sha256.contains(digest);
    }
}
