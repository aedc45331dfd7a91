package org.citywatch.ingest.rtsp.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citywatch.assets.AssetResolver;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.source.CameraHealth;
import org.citywatch.ingest.source.CameraSource;
import org.citywatch.ingest.source.CameraSources;
import org.citywatch.ingest.source.CameraStatus;
import org.citywatch.ingest.source.FrameSink;
import org.citywatch.ingest.source.SupervisedCameraSource;
import org.citywatch.ingest.source.SupervisedCameraSource.StallPolicy;
import org.citywatch.ingest.testing.GstRtspServer;
import org.citywatch.ingest.testing.H264Clip;
import org.citywatch.ingest.testing.ScriptedRtspServer;
import org.citywatch.ingest.testing.ScriptedRtspServer.Script;
import org.citywatch.ingest.testing.Scripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Issue 3, "Bad input": cameras that answer garbage, close mid-reply, describe no video or a codec we do
 * not decode, send broken RTP, refuse the credentials forever, redirect, or never answer. Each must end in
 * a clear state with the reason, logged once with the camera id however often it is retried, never with
 * the password, and without disturbing any other camera. The cameras are {@link ScriptedRtspServer}s on
 * loopback, played through the real {@link CameraSources} and Netty client.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BadCameraTest {

    private static final String SECRET = "Sup3rS3cret";
    private static final String USER_INFO = "admin:" + SECRET;
    /** Quick retries, and a camera without media is dropped after 2 + 2 s. */
    private static final StallPolicy QUICK_STALL = new StallPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private static H264Clip clip;

    private CameraSources sources;
    private LogTap logs;
    private final List<CameraSource> started = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final Map<String, AtomicInteger> frames = new ConcurrentHashMap<>();
    private final Set<String> reasonsSeen = ConcurrentHashMap.newKeySet();
    private final FrameSink sink = (camera, frame) -> frames.computeIfAbsent(camera.id(), k -> new AtomicInteger())
            .incrementAndGet();

    @BeforeAll
    static void readClip() {
        clip = H264Clip.read("vtest_first20s_h264.mp4", 30); // 3 s of a real camera-like stream, looped
    }

    @BeforeEach
    void setUp() {
        logs = new LogTap();
        sources = sources(QUICK_STALL);
    }

    @AfterEach
    void tearDown() {
        started.forEach(CameraSource::stop);
        sources.close();
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        logs.close();
        // Whatever each test did: the password was never logged nor shown in a reason.
        assertThat(logs.all()).doesNotContain(SECRET);
        assertThat(reasonsSeen).noneMatch(r -> r.contains(SECRET));
    }

    // ---- one bad camera at a time ----

    static Stream<Arguments> garbage() {
        return Stream.of(
                bad("status line that is no status line", Scripts.describeAnswer("RTSP/1.0 two-hundred OK\r\n\r\n", false),
                        "malformed RTSP message"),
                bad("invalid Content-Length", Scripts.describeAnswer("RTSP/1.0 200 OK\r\nContent-Length: -5\r\n\r\n", false),
                        "invalid Content-Length: -5"),
                bad("a 2 GB body announced", Scripts.describeAnswer(
                        "RTSP/1.0 200 OK\r\nContent-Length: 2000000000\r\n\r\nv=0\r\n", false), "over the cap"),
                bad("HTML instead of SDP", Scripts.describeAnswer("RTSP/1.0 200 OK\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 30\r\n\r\n<html><body>login</body></html>", false), "SDP"),
                bad("DESCRIBE refused with 500", Scripts.describeAnswer(
                        "RTSP/1.0 500 Internal Server Error\r\n\r\n", false), "DESCRIBE answered 500"),
                bad("half a DESCRIBE answer, then the connection closes",
                        Scripts.halfAnswerThenClose(Scripts.sdpH264(clip)), "connection closed"),
                bad("an interleaved frame claiming 65535 bytes cut short by a close",
                        Scripts.camera(Scripts.sdpH264(clip), Scripts.cutFrameThenClose()), "connection closed"),
                bad("a redirect loop (with credentials in Location)", Scripts.redirect("/cam",
                        "rtsp://" + USER_INFO + "@127.0.0.1:{port}/cam", Scripts.silent()), "redirected to"));
    }

    private static Arguments bad(String name, Script script, String reason) {
        return Arguments.of(Named.of(name, script), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void aBrokenReplyEndsInRetryingWithTheReason(Script script, String reason) throws Exception {
        CameraSource cam = camera("bad", start(script).url(USER_INFO, "/cam"));

        awaitFailures(cam, CameraStatus.RETRYING, 3);

        assertThat(cam.health().reason().orElseThrow()).contains(reason);
        assertLoggedOnce("bad", CameraStatus.RETRYING, reason);
    }

    @Test
    void anSdpWithoutVideoIsUnsupported() throws Exception {
        CameraSource cam = camera("audio", start(Scripts.describe(Scripts.sdpAudioOnly())).url(USER_INFO, "/cam"));

        awaitFailures(cam, CameraStatus.UNSUPPORTED, 2);

        assertThat(cam.health().reason().orElseThrow()).contains("no video track");
        assertLoggedOnce("audio", CameraStatus.UNSUPPORTED, "no video track");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JPEG", "VP8"})
    void anUnsupportedCodecIsNamed(String codec) throws Exception {
        String sdp = codec.equals("JPEG") ? Scripts.sdpMjpeg() : Scripts.sdpVp8();
        ScriptedRtspServer server = start(Scripts.describe(sdp));
        CameraSource cam = camera("codec", server.url(USER_INFO, "/cam"));

        awaitFailures(cam, CameraStatus.UNSUPPORTED, 2);

        assertThat(cam.health().reason().orElseThrow()).contains("codec not supported").contains(codec);
        assertThat(server.count("SETUP")).as("a track we cannot decode is not set up").isZero();
        assertLoggedOnce("codec", CameraStatus.UNSUPPORTED, codec);
    }

    @Test
    void wrongCredentialsEndInUnauthorizedWithoutA401Loop() throws Exception {
        ScriptedRtspServer server = start(Scripts.unauthorized());
        CameraSource cam = camera("locked", server.url(USER_INFO, "/cam"));

        awaitFailures(cam, CameraStatus.UNAUTHORIZED, 3);

        assertThat(cam.health().reason().orElseThrow()).contains("refused the credentials");
        Map<Integer, Long> describesPerConnection = server.requests().stream()
                .filter(r -> r.method().equals("DESCRIBE"))
                .collect(Collectors.groupingBy(ScriptedRtspServer.Request::connection, Collectors.counting()));
        assertThat(describesPerConnection).isNotEmpty();
        assertThat(describesPerConnection.values()).as("DESCRIBEs per attempt, though every 401 brings a fresh, "
                + "'stale' nonce").allMatch(n -> n <= 3);
        assertThat(server.requests()).noneMatch(r -> r.uri().contains(SECRET) || r.uri().contains("admin@"));
        assertLoggedOnce("locked", CameraStatus.UNAUTHORIZED, "refused the credentials");
    }

    @Test
    void onlyMalformedRtpIsDroppedUntilTheCameraIsCutOffForNoMedia() throws Exception {
        sources.close();
        // Cut off after 0.5 + 0.5 s without media; stall checks every 200 ms.
        sources = sources(new StallPolicy(Duration.ofMillis(500), Duration.ofMillis(500)));
        CameraSource cam = camera("junk", start(Scripts.camera(Scripts.sdpH264(clip), Scripts.malformedRtpOnly()))
                .url(USER_INFO, "/cam"));

        awaitFailures(cam, CameraStatus.RETRYING, 3);

        assertThat(cam.health().reason().orElseThrow()).isEqualTo("no media within 1.0 s");
        assertThat(cam.health().framesReceived()).isZero();
        assertLoggedOnce("junk", CameraStatus.RETRYING, "no media within 1.0 s");
    }

    @Test
    void malformedRtpAmongGoodPacketsAffectsOnlyItself() throws Exception {
        CameraSource cam = camera("noisy", start(Scripts.camera(Scripts.sdpH264(clip), Scripts.playClip(clip, true)))
                .url(USER_INFO, "/cam"));

        waitFor(Duration.ofSeconds(15), () -> count("noisy") >= 20);

        CameraHealth h = cam.health();
        assertThat(h.status()).isEqualTo(CameraStatus.STREAMING);
        assertThat(h.packetsLost()).as("malformed packets are not gaps in the sequence").isZero();
        assertThat(h.reconnects()).isZero();
        assertThat(logs.failuresOf("noisy")).isEmpty();
        assertThat(logs.all()).as("the malformed packets are reported once, with the camera id")
                .containsOnlyOnce("Camera noisy: dropping malformed RTP packets");
    }

    @ParameterizedTest(name = "Location {0}")
    @ValueSource(strings = {"rtsp://127.0.0.1:{port}/moved", "/moved"})
    void aRedirectIsFollowedToTheStream(String location) throws Exception {
        Script camera = Scripts.camera(Scripts.sdpH264(clip), Scripts.playClip(clip, false));
        ScriptedRtspServer server = start(Scripts.redirect("/cam", location, camera));
        CameraSource cam = camera("moved", server.url(USER_INFO, "/cam"));

        waitFor(Duration.ofSeconds(15), () -> count("moved") >= 10);

        assertThat(cam.health().status()).isEqualTo(CameraStatus.STREAMING);
        assertThat(server.requests()).anyMatch(r -> r.method().equals("PLAY") && r.path().startsWith("/moved"));
        assertThat(logs.failuresOf("moved")).isEmpty();
    }

    // ---- all of them at once, next to healthy cameras ----

    /**
     * Every bad camera at once, including the two that only time out (a silent one, and one that answered
     * binary garbage and then nothing), next to a healthy scripted camera and, where GStreamer is installed,
     * a healthy GStreamer camera. The healthy ones stream throughout; each bad one ends in its state, is
     * retried, and is logged exactly once.
     */
    @Test
    void badCamerasAffectOnlyThemselves() throws Exception {
        sources.close();
        // The no-media cut-off after the 10 s request timeout, so that a silent camera is reported as such.
        sources = sources(new StallPolicy(Duration.ofSeconds(2), Duration.ofSeconds(9)));
        byte[] binary = new byte[4096];
        new Random(42).nextBytes(binary);

        record Bad(String id, Script script, CameraStatus status, String reason) {
        }
        List<Bad> bad = new ArrayList<>();
        garbage().forEach(a -> {
            @SuppressWarnings("unchecked")
            Named<Script> s = (Named<Script>) a.get()[0];
            bad.add(new Bad("garbage-" + bad.size(), s.getPayload(), CameraStatus.RETRYING, (String) a.get()[1]));
        });
        bad.add(new Bad("silent", Scripts.silent(), CameraStatus.RETRYING, "no answer to OPTIONS within 10 s"));
        bad.add(new Bad("binary", Scripts.garbage(binary), CameraStatus.RETRYING, "no answer to OPTIONS within 10 s"));
        bad.add(new Bad("audio-only", Scripts.describe(Scripts.sdpAudioOnly()), CameraStatus.UNSUPPORTED, "no video track"));
        bad.add(new Bad("mjpeg", Scripts.describe(Scripts.sdpMjpeg()), CameraStatus.UNSUPPORTED, "JPEG"));
        bad.add(new Bad("vp8", Scripts.describe(Scripts.sdpVp8()), CameraStatus.UNSUPPORTED, "VP8"));
        bad.add(new Bad("locked", Scripts.unauthorized(), CameraStatus.UNAUTHORIZED, "refused the credentials"));
        bad.add(new Bad("junk-rtp", Scripts.camera(Scripts.sdpH264(clip), Scripts.malformedRtpOnly()),
                CameraStatus.RETRYING, "no media within 11.0 s"));

        List<String> healthy = new ArrayList<>(List.of("healthy"));
        Script good = Scripts.camera(Scripts.sdpH264(clip), Scripts.playClip(clip, false));
        Map<String, CameraSource> cams = new LinkedHashMap<>();
        cams.put("healthy", camera("healthy", start(good).url("/cam").toString()));
        if (GstRtspServer.available()) {
            GstRtspServer gst = GstRtspServer.builder().protocols(GstRtspServer.Protocols.TCP).build().start();
            servers.add(gst);
            healthy.add("gst");
            cams.put("gst", camera("gst", gst.url().toString()));
        }
        cams.put("noisy", camera("noisy", start(Scripts.camera(Scripts.sdpH264(clip), Scripts.playClip(clip, true)))
                .url(USER_INFO, "/cam").toString()));
        healthy.add("noisy");
        for (Bad b : bad) {
            cams.put(b.id(), camera(b.id(), start(b.script()).url(USER_INFO, "/cam")));
        }

        waitFor(Duration.ofSeconds(20), () -> healthy.stream().allMatch(id -> count(id) >= 5));
        // Until every bad camera has failed at least twice (the silent ones take 10 s per attempt), the
        // healthy ones must keep streaming: sampled every second, their frames only go up. Meanwhile,
        // every state a bad camera is seen in is noted.
        Map<String, Integer> last = new LinkedHashMap<>();
        healthy.forEach(id -> last.put(id, count(id)));
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        bad.forEach(b -> seen.put(b.id(), new java.util.TreeSet<>()));
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        long nextCheck = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!bad.stream().allMatch(b -> cams.get(b.id()).health().reconnects() >= 2)) {
            assertThat(System.nanoTime()).as("every bad camera retried twice within 40 s; now: "
                    + states(cams)).isLessThan(deadline);
            Thread.sleep(100);
            for (Bad b : bad) {
                CameraHealth h = cams.get(b.id()).health();
                h.reason().ifPresent(reasonsSeen::add);
                if (h.status() != CameraStatus.CONNECTING) {
                    seen.get(b.id()).add(h.status() + ": " + h.reason().orElse(""));
                }
            }
            if (System.nanoTime() >= nextCheck) {
                nextCheck += Duration.ofSeconds(1).toNanos();
                for (String id : healthy) {
                    CameraHealth h = cams.get(id).health();
                    assertThat(h.status()).as(id + " is still streaming; all: " + states(cams))
                            .isEqualTo(CameraStatus.STREAMING);
                    assertThat(count(id)).as(id + " frames keep increasing").isGreaterThan(last.get(id));
                    last.put(id, count(id));
                }
            }
        }

        for (Bad b : bad) {
            // Never anything but CONNECTING (the retry in progress) or its own state and reason.
            assertThat(seen.get(b.id())).as(b.id()).allMatch(s -> s.startsWith(b.status() + ": ")
                    && s.contains(b.reason()));
            assertLoggedOnce(b.id(), b.status(), b.reason());
            assertThat(frames).as(b.id()).doesNotContainKey(b.id());
        }
        for (String id : healthy) {
            assertThat(logs.failuresOf(id)).as(id).isEmpty();
            assertThat(cams.get(id).health().reconnects()).as(id).isZero();
        }
    }

    // ---- helpers ----

    private static CameraSources sources(StallPolicy stall) {
        return new CameraSources(AssetResolver.fromEnvironment(), new CameraSources.Settings(
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), stall, new DecodePolicy.All()));
    }

    private ScriptedRtspServer start(Script script) {
        ScriptedRtspServer s = ScriptedRtspServer.start(script);
        servers.add(s);
        return s;
    }

    private CameraSource camera(String id, java.net.URI url) {
        return camera(id, url.toString());
    }

    private CameraSource camera(String id, String url) {
        Camera c = new Camera(id, id, url, Optional.empty(), CameraKind.TRAFFIC, "D1", "", 10.77, 106.70, Set.of());
        CameraSource s = sources.create(c, sink);
        started.add(s);
        s.start();
        return s;
    }

    /** Waits until the camera has ended at least {@code failures} sessions and now shows {@code status}. */
    private void awaitFailures(CameraSource cam, CameraStatus status, int failures) throws InterruptedException {
        waitFor(Duration.ofSeconds(20), () -> failedAtLeast(cam, status, failures));
    }

    private boolean failedAtLeast(CameraSource cam, CameraStatus status, int failures) {
        CameraHealth h = cam.health();
        h.reason().ifPresent(reasonsSeen::add);
        return h.reconnects() >= failures && h.status() == status;
    }

    /** The camera's failure was logged exactly once, with its id, state and reason, however often it failed. */
    private void assertLoggedOnce(String id, CameraStatus status, String reason) {
        assertThat(logs.failuresOf(id)).as("failures logged for " + id).singleElement(
                org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("Camera " + id + " " + status + ": ").contains(reason);
    }

    private String states(Map<String, CameraSource> cams) {
        StringBuilder b = new StringBuilder();
        cams.forEach((id, s) -> {
            CameraHealth h = s.health();
            h.reason().ifPresent(reasonsSeen::add);
            b.append(id).append('=').append(h.status()).append('/').append(h.reconnects())
                    .append(h.reason().map(r -> " (" + r + ")").orElse("")).append("; ");
        });
        return b.toString();
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
