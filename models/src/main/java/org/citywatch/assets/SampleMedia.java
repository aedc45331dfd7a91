package org.citywatch.assets;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The catalogue of sample clips and images ({@code models/sample-media.yaml}). */
public final class SampleMedia {

    record Entry(String file, String sha256, URI url, String content, String licence) {
    }

    record Catalogue(List<Entry> media) {
    }

    private static final Catalogue CATALOGUE = Yaml.readResource("citywatch/models/sample-media.yaml", Catalogue.class);

    private SampleMedia() {
    }

    /** The asset for a sample file by name, such as {@code vtest_first20s_h264.mp4}. */
    public static AssetRef get(String file) {
        return CATALOGUE.media().stream()
                .filter(e -> e.file().equals(file))
                .findFirst()
                .map(e -> new AssetRef("media", e.file(), Set.of(e.sha256()), Optional.ofNullable(e.url())))
                .orElseThrow(() -> new IllegalArgumentException("no sample media named " + file + "; known: "
                        + CATALOGUE.media().stream().map(Entry::file).toList()));
    }
}
