package org.citywatch.ingest.rtsp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.source.CameraHealth;
import org.citywatch.ingest.source.CameraSource;
import org.citywatch.ingest.source.CameraSources;
import org.citywatch.ingest.source.CameraStatus;
import org.citywatch.ingest.source.DecodedFrame;
import org.citywatch.ingest.source.FrameSink;
import org.citywatch.ingest.source.SupervisedCameraSource;
import org.citywatch.ingest.testing.GstRtspServer;
import org.citywatch.ingest.testing.GstRtspServer.Codec;
import org.citywatch.ingest.testing.GstRtspServer.Protocols;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Netty RTSP client against GStreamer's RTSP server, an independent implementation, on loopback:
 * H.264 and H.265, RTP over TCP and over UDP, Digest authentication, a server restarted mid-stream, and
 * the decoded pictures of a known clip compared with FFmpeg's own decoding of the file.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RtspClientInteropTest {

    private CameraSources sources;
    private final Map<String, List<String>> sizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> frames = new ConcurrentHashMap<>();
    private final List<CameraSource> started = new ArrayList<>();

    private final FrameSink sink = (camera, frame) -> {
        frames.computeIfAbsent(camera.id(), k -> new AtomicInteger()).incrementAndGet();
        List<String> s = sizes.computeIfAbsent(camera.id(), k -> new CopyOnWriteArrayList<>());
        if (s.size() < 5) {
            s.add(frame.width() + "x" + frame.height());
        }
    };

    @BeforeEach
    void setUp() {
        GstRtspServer.assumeAvailableOrFailInCi();
        sources = new CameraSources(AssetResolver.fromEnvironment(), new CameraSources.Settings(
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1),
                SupervisedCameraSource.StallPolicy.defaults(), new DecodePolicy.All()));
    }

    @AfterEach
    void tearDown() {
        started.forEach(CameraSource::stop);
        if (sources != null) {
            sources.close();
        }
    }

    private CameraSource camera(String id, String url, boolean udp) {
        Camera c = new Camera(id, id, url, Optional.empty(), CameraKind.TRAFFIC, "D1", "", 10.77, 106.70,
                udp ? Set.of(CameraSources.UDP_TAG) : Set.of());
        CameraSource s = sources.create(c, sink);
        started.add(s);
        s.start();
        return s;
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"H264, TCP", "H264, UDP", "H265, TCP", "H265, UDP"})
    void streamsAndDecodesTheTestPattern(Codec codec, Protocols transport) throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().codec(codec).protocols(transport).build().start()) {
            CameraSource cam = camera("cam", server.url().toString(), transport == Protocols.UDP);

            waitFor(Duration.ofSeconds(20), () -> count("cam") >= 25);

            CameraHealth h = cam.health();
            assertThat(h.status()).isEqualTo(CameraStatus.STREAMING);
            assertThat(sizes.get("cam")).containsOnly("640x360");
            assertThat(h.fps()).isBetween(5.0, 15.0);
            assertThat(h.bitrateKbps()).isPositive();
            assertThat(h.keyframeInterval()).isPresent();
            assertThat(h.keyframeInterval().get()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            assertThat(h.packetsLost()).as("loopback loses nothing").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void digestAuthenticationWorksAndWrongCredentialsEndInUnauthorized() throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().credentials("operator", "s3cr3t-pw")
                .protocols(Protocols.TCP).build().start()) {
            String base = server.url().toString();
            String good = base.replace("rtsp://", "rtsp://operator:s3cr3t-pw@");
            String bad = base.replace("rtsp://", "rtsp://operator:WRONG-pw@");
            CameraSource ok = camera("ok", good, false);
            CameraSource wrong = camera("wrong", bad, false);
            CameraSource none = camera("none", base, false);

            waitFor(Duration.ofSeconds(20), () -> count("ok") >= 10
                    && wrong.health().status() == CameraStatus.UNAUTHORIZED
                    && none.health().status() == CameraStatus.UNAUTHORIZED);

            assertThat(ok.health().status()).isEqualTo(CameraStatus.STREAMING);
            assertThat(wrong.health().reason().orElseThrow()).contains("refused the credentials")
                    .doesNotContain("WRONG-pw");
            assertThat(none.health().reason().orElseThrow()).contains("has none");
            assertThat(frames).doesNotContainKeys("wrong", "none");
        }
    }

    @Test
    void aServerRestartedMidStreamIsReconnected() throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().protocols(Protocols.TCP).build().start()) {
            CameraSource cam = camera("cam", server.url().toString(), false);
            waitFor(Duration.ofSeconds(20), () -> count("cam") >= 10);

            server.stop();
            waitFor(Duration.ofSeconds(20), () -> cam.health().status() == CameraStatus.RETRYING);
            assertThat(cam.health().reason()).isPresent();
            int before = count("cam");

            server.restart();
            waitFor(Duration.ofSeconds(30), () -> cam.health().status() == CameraStatus.STREAMING
                    && count("cam") >= before + 10);
            assertThat(cam.health().reconnects()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void decodedPicturesOfAKnownClipMatchFfmpegDecodingTheFile() throws Exception {
        java.nio.file.Path clip = AssetResolver.fromEnvironment().resolve(SampleMedia.get("vtest_first20s_h264.mp4"));
        List<Long> expected = fileChecksums(clip, 60);
        List<Long> received = new CopyOnWriteArrayList<>();
        try (GstRtspServer server = GstRtspServer.builder().fileSource(clip).protocols(Protocols.TCP).build().start()) {
            Camera c = new Camera("clip", "clip", server.url().toString(), CameraKind.WARD, "D1", 10.77, 106.70);
            CameraSource s = sources.create(c, (camera, frame) -> {
                if (received.size() < 30) {
                    received.add(checksum(frame.frame()));
                }
            });
            started.add(s);
            s.start();
            waitFor(Duration.ofSeconds(30), () -> received.size() >= 30);
        }
        // The server may start the clip a few pictures in; from the first match on, all 30 must be equal.
        int offset = expected.indexOf(received.get(0));
        assertThat(offset).as("first received picture found among the file's first pictures").isBetween(0, 29);
        assertThat(received).containsExactlyElementsOf(expected.subList(offset, offset + 30));
    }

    private static List<Long> fileChecksums(java.nio.file.Path file, int n) throws Exception {
        List<Long> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            while (out.size() < n && (f = g.grabImage()) != null) {
                out.add(checksum(f));
            }
        }
        return out;
    }

    /** A checksum of the picture's pixels, row by row (the stride may differ between decoders). */
    static long checksum(Frame f) {
        ByteBuffer b = ((ByteBuffer) f.image[0]).duplicate();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        int rowBytes = f.imageWidth * f.imageChannels;
        byte[] row = new byte[rowBytes];
        for (int y = 0; y < f.imageHeight; y++) {
            b.position(y * f.imageStride);
            b.get(row, 0, rowBytes);
            crc.update(row);
        }
        return crc.getValue();
    }

    private int count(String id) {
        AtomicInteger n = frames.get(id);
        return n == null ? 0 : n.get();
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
