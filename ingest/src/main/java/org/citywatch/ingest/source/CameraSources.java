package org.citywatch.ingest.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.rtsp.client.RtspClientGroup;
import org.citywatch.ingest.rtsp.client.RtspSession;
import org.citywatch.ingest.rtsp.client.RtspTransport;

/**
 * Makes the source for a camera from its URL, and owns what all sources share: the scheduler of their
 * reconnect and stall timers, the RTSP client's event loops, and the {@link MediaHub} that keeps and
 * decodes RTSP media (and hands the access units of local files to its taps, for clips).
 * <ul>
 *   <li>{@code rtsp://} goes through the Netty RTSP client (RTP over the TCP connection by default; over
 *       UDP for cameras tagged {@code rtsp-udp}), decoded as the camera's {@link DecodePolicy} asks;</li>
 *   <li>{@code asset:NAME} names a sample clip found through the {@link AssetResolver}; it and any local
 *       file loop at their native rate, so they behave like live cameras;</li>
 *   <li>anything else FFmpeg reads (HTTP, RTMP, HLS, rtsps) is read live by FFmpeg.</li>
 * </ul>
 */
public final class CameraSources implements AutoCloseable {

    private static final String ASSET_PREFIX = "asset:";

    /** The tag that makes a camera receive RTP over UDP instead of inside the RTSP connection. */
    public static final String UDP_TAG = "rtsp-udp";

    /**
     * How sources retry, when they count as stalled, and how RTSP cameras are decoded unless told
     * otherwise ({@link MediaHub#setPolicy}).
     *
     * @param decodeWidth RTSP pictures wider than this are scaled down to it (keeping the aspect) in the
     *                    decoder's colour conversion, so analytics gets frames at the model's resolution in one
     *                    step; 0 keeps the stream's size
     */
    public record Settings(Duration initialBackoff, Duration maxBackoff, Duration slowRetry,
                           SupervisedCameraSource.StallPolicy stall, DecodePolicy rtspDecode, int decodeWidth) {
        public Settings {
            if (decodeWidth < 0) {
                throw new IllegalArgumentException("decodeWidth must be >= 0: " + decodeWidth);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                    SupervisedCameraSource.StallPolicy.defaults(), DecodePolicy.thumbnailDefault(), 0);
        }

        /** At the stream's own picture size. */
        public Settings(Duration initialBackoff, Duration maxBackoff, Duration slowRetry,
                        SupervisedCameraSource.StallPolicy stall, DecodePolicy rtspDecode) {
            this(initialBackoff, maxBackoff, slowRetry, stall, rtspDecode, 0);
        }

        /** With the thumbnail decode default for RTSP cameras. */
        public Settings(Duration initialBackoff, Duration maxBackoff, Duration slowRetry,
                        SupervisedCameraSource.StallPolicy stall) {
            this(initialBackoff, maxBackoff, slowRetry, stall, DecodePolicy.thumbnailDefault());
        }
    }

    private final AssetResolver assets;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final RtspClientGroup rtsp;
    private final MediaHub media;
    private final Map<String, FrameSink> frameSinks = new ConcurrentHashMap<>();

    public CameraSources(AssetResolver assets, Settings settings) {
        this.assets = assets;
        this.settings = settings;
        // Timers only (reconnects, stall checks): two threads serve every camera of the node.
        this.scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("camera-timers-", 0).factory());
        this.rtsp = new RtspClientGroup();
        this.media = new MediaHub((camera, frame) -> {
            FrameSink sink = frameSinks.get(camera.id());
            if (sink != null) {
                sink.onFrame(camera, frame);
            }
        }, settings.rtspDecode(), Runtime.getRuntime().availableProcessors(), settings.decodeWidth());
    }

    /** The coded media of the RTSP cameras: GOP windows, subscriptions, decode policies. */
    public MediaHub media() {
        return media;
    }

    public CameraSources(AssetResolver assets) {
        this(assets, Settings.defaults());
    }

    public CameraSource create(Camera camera, FrameSink sink) {
        frameSinks.put(camera.id(), sink);
        Supplier<StreamSession> sessions = sessionFactory(camera, sink);
        return new SupervisedCameraSource(camera, sessions, new Backoff(settings.initialBackoff(), settings.maxBackoff()),
                settings.slowRetry(), settings.stall(), scheduler);
    }

    private Supplier<StreamSession> sessionFactory(Camera camera, FrameSink sink) {
        // Ingest reads the sub-stream where there is one: it is what analytics and thumbnails need, at a
        // fraction of the decoding cost of the main stream.
        String url = camera.analyticsUrl();
        if (url.regionMatches(true, 0, "rtsp://", 0, 7)) {
            RtspTransport transport = camera.tags().contains(UDP_TAG) ? RtspTransport.UDP : RtspTransport.TCP;
            // Parsed per attempt: a malformed URL fails this camera (RETRYING with the reason), nothing else.
            return () -> new RtspSession(camera, URI.create(url), transport, rtsp, media);
        }
        if (url.startsWith(ASSET_PREFIX)) {
            String name = url.substring(ASSET_PREFIX.length());
            Supplier<String> location = () -> assets.resolve(SampleMedia.get(name)).toString();
            return () -> new ThreadedSession(camera,
                    new GrabberStreamReader(location, true, new FileAccessUnits(camera, media)), sink);
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
            return () -> new ThreadedSession(camera,
                    new GrabberStreamReader(location, true, new FileAccessUnits(camera, media)), sink);
        }
        // A second connection for the access units would double the load on the server: pictures only.
        media.noAccessUnits(camera, "it is read by FFmpeg from a network URL (" + scheme(url)
                + "), which gives decoded pictures only; clips need rtsp:// or a local file");
        return () -> new ThreadedSession(camera, new GrabberStreamReader(() -> url, false), sink);
    }

    private static String scheme(String url) {
        int colon = url.indexOf("://");
        return colon > 0 ? url.substring(0, colon) + "://" : "a URL";
    }

    /** Forgets what was kept for a camera that has been stopped for good. */
    public void forget(String cameraId) {
        frameSinks.remove(cameraId);
        media.remove(cameraId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        rtsp.close();
        media.close();
    }
}
