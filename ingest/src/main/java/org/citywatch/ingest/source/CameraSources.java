package org.citywatch.ingest.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.camera.Camera;

/**
 * Makes the source for a camera from its URL, and owns what all sources share (the scheduler of their
 * reconnect and stall timers). {@code asset:NAME} names a sample clip found through the
 * {@link AssetResolver}; a local file or {@code asset:} clip loops at its native rate; anything else is
 * read live by FFmpeg.
 */
public final class CameraSources implements AutoCloseable {

    private static final String ASSET_PREFIX = "asset:";

    /** How sources retry and when they count as stalled. */
    public record Settings(Duration initialBackoff, Duration maxBackoff, Duration slowRetry,
                           SupervisedCameraSource.StallPolicy stall) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                    SupervisedCameraSource.StallPolicy.defaults());
        }
    }

    private final AssetResolver assets;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;

    public CameraSources(AssetResolver assets, Settings settings) {
        this.assets = assets;
        this.settings = settings;
        // Timers only (reconnects, stall checks): two threads serve every camera of the node.
        this.scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("camera-timers-", 0).factory());
    }

    public CameraSources(AssetResolver assets) {
        this(assets, Settings.defaults());
    }

    public CameraSource create(Camera camera, FrameSink sink) {
        Supplier<StreamSession> sessions = sessionFactory(camera, sink);
        return new SupervisedCameraSource(camera, sessions, new Backoff(settings.initialBackoff(), settings.maxBackoff()),
                settings.slowRetry(), settings.stall(), scheduler);
    }

    private Supplier<StreamSession> sessionFactory(Camera camera, FrameSink sink) {
        String url = camera.url();
        if (url.startsWith(ASSET_PREFIX)) {
            String name = url.substring(ASSET_PREFIX.length());
            Supplier<String> location = () -> assets.resolve(SampleMedia.get(name)).toString();
            return () -> new ThreadedSession(camera, new GrabberStreamReader(location, true), sink);
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
            return () -> new ThreadedSession(camera, new GrabberStreamReader(location, true), sink);
        }
        return () -> new ThreadedSession(camera, new GrabberStreamReader(() -> url, false), sink);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
