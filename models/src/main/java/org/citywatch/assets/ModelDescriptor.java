package org.citywatch.assets;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a detector needs to know about a model, read from {@code models/<name>.yaml}: where its weights
 * come from, and its exact pre- and post-processing.
 */
public record ModelDescriptor(
        String name,
        String file,
        String sha256,
        Upstream upstream,
        String licence,
        Input input,
        Output output,
        Labels labels) {

    /** A download address and the digest of what it serves (may differ from {@link #sha256}). */
    public record Upstream(URI url, String sha256) {
    }

    /** The input tensor: size, colour order (BGR or RGB), normalisation and letterbox. */
    public record Input(String name, int width, int height, String colourOrder, String normalisation,
                        String letterbox, int padValue) {
    }

    /** The output tensor and its decoding. */
    public record Output(String name, String format, List<Integer> strides, double scoreThreshold, double nmsIou) {
    }

    /** The class-name file, one name per line, in class-index order. */
    public record Labels(String file, String sha256) {
    }

    /** Loads {@code models/<name>.yaml} from the class path. */
    public static ModelDescriptor load(String name) {
        ModelDescriptor d = Yaml.readResource("citywatch/models/" + name + ".yaml", ModelDescriptor.class);
        if (!d.name().equals(name)) {
            throw new IllegalArgumentException("models/" + name + ".yaml names itself " + d.name());
        }
        return d;
    }

    /** The weights as an asset: the descriptor's digest or the upstream one. */
    public AssetRef weights() {
        Set<String> accepted = upstream == null ? Set.of(sha256) : Set.of(sha256, upstream.sha256());
        return new AssetRef("models", file, accepted, Optional.ofNullable(upstream).map(Upstream::url));
    }

    /** The labels file as an asset. */
    public AssetRef labelsFile() {
        return new AssetRef("models", labels.file(), Set.of(labels.sha256()), Optional.empty());
    }
}
