package org.citywatch.ingest.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.camera.Camera;

/**
 * Makes the source for a camera from its URL. {@code asset:NAME} names a sample clip found through the
 * {@link AssetResolver}; a local file or {@code asset:} clip loops at its native rate; anything else is
 * read live by FFmpeg.
 */
public final class CameraSources {

    private static final String ASSET_PREFIX = "asset:";

    private final AssetResolver assets;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public CameraSources(AssetResolver assets, Duration initialBackoff, Duration maxBackoff) {
        this.assets = assets;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public CameraSources(AssetResolver assets) {
        this(assets, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public CameraSource create(Camera camera, FrameSink sink) {
        return new SupervisedCameraSource(camera, readerFactory(camera.url()), sink,
                new Backoff(initialBackoff, maxBackoff));
    }

    private Supplier<StreamReader> readerFactory(String url) {
        if (url.startsWith(ASSET_PREFIX)) {
            String name = url.substring(ASSET_PREFIX.length());
            Supplier<String> location = () -> assets.resolve(SampleMedia.get(name)).toString();
            return () -> new GrabberStreamReader(location, true);
        }
        boolean localFile = url.startsWith("file:") || !url.contains("://");
        if (localFile) {
            String path = url.startsWith("file:") ? Path.of(java.net.URI.create(url)).toString() : url;
            Supplier<String> location = () -> {
                if (!Files.isReadable(Path.of(path))) {
                    throw new IllegalArgumentException("file not found or unreadable: " + path);
                }
                return path;
            };
            return () -> new GrabberStreamReader(location, true);
        }
        return () -> new GrabberStreamReader(() -> url, false);
    }
}
