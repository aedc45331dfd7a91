package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole path, in process: a looped pedestrian clip as a camera, the real detector, the crowd rule,
 * the alert store and the Vert.x server; a WebSocket client waits for the crowd alert.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static CityWatchApp app;
    private static String base;
    private static WebSocket webSocket;
    private static final LinkedBlockingQueue<String> pushed = new LinkedBlockingQueue<>();
    /** Signed-in users: a viewer reads, op-lan acknowledges, disp-minh dispatches and resolves. */
    private static String viewer;
    private static String operator;
    private static String dispatcher;
    private static final LinkedBlockingQueue<JsonNode> cameraPushes = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                analytics:
                  targetFps: 3
                  defaultScene:
                    rules: [ { type: crowd, minPersons: 4, minSeconds: 1, holdSeconds: 5, severity: P2 } ]
                alerts: { cooldownSeconds: 60 }
                cameras:
                  - id: pedestrians
                    name: Campus road
                    url: asset:vtest_first20s_h264.mp4
                    kind: ward
                    district: District 1
                    latitude: 10.7743
                    longitude: 106.7038
                  - id: highway
                    name: Hanoi Highway gantry
                    url: asset:highway_video02_h264.mp4
                    kind: traffic
                    district: Thu Duc
                    latitude: 10.8231
                    longitude: 106.7510
                    scene:
                      lines: [ { id: gantry, from: [0.39, 0.55], to: [0.86, 0.55], forward: towards, backward: away } ]
                      rules: [ { type: count, line: gantry } ]
                  - id: dead-camera
                    name: Unreachable junction
                    url: rtsp://admin:Secr3tPass@127.0.0.1:1/Streaming/Channels/101
                    kind: traffic
                    district: District 5
                    latitude: 10.7540
                    longitude: 106.6630
                """ + TestSecurity.yaml(java.util.Map.of("vera-viewer", "viewer", "op-lan", "operator",
                "disp-minh", "dispatcher", "ada-admin", "admin"));
        app = TestHttp.startApp(yaml, Path.of("."));
        base = "http://127.0.0.1:" + app.port();
        viewer = TestSecurity.token(HTTP, base, "vera-viewer");
        operator = TestSecurity.token(HTTP, base, "op-lan");
        dispatcher = TestSecurity.token(HTTP, base, "disp-minh");
        // Connected right after start, with since= an id older than the process: the server replays every event it
        // holds (the cameras appearing among them), then a gap message, then live events. A browser cannot put a
        // header on a WebSocket, so the token goes in the URL.
        webSocket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/ws/alerts?access_token=" + viewer
                        + "&since=" + "0".repeat(26)),
                        new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            // Alert messages for the alert tests; camera status messages apart.
                            try {
                                JsonNode n = JSON.readTree(text.toString());
                                if (n.path("type").asText().equals("camera")) {
                                    cameraPushes.add(n);
                                } else if (!n.path("type").asText().equals("gap")) {
                                    pushed.add(text.toString());
                                }
                            } catch (Exception e) {
                                pushed.add(text.toString());
                            }
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (webSocket != null) {
            webSocket.abort();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aCrowdAlertArrivesOverTheWebSocketWithAValidSnapshot() throws Exception {
        String first = pushed.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("a pushed alert within 60 s of start").isNotNull();
        JsonNode event = JSON.readTree(first);
        assertThat(event.get("type").asText()).isEqualTo("alert");
        JsonNode alert = event.get("alert");
        assertThat(alert.get("type").asText()).isEqualTo("CROWD");
        assertThat(alert.get("cameraId").asText()).isEqualTo("pedestrians");
        assertThat(alert.get("severity").asText()).isEqualTo("P2");
        assertThat(alert.get("objectCount").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(alert.get("objects")).allSatisfy(o -> assertThat(o.get("label").asText()).isEqualTo("person"));

        HttpResponse<byte[]> snapshot = get(alert.get("snapshotUrl").asText(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.headers().firstValue("content-type")).contains("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(snapshot.body()));
        assertThat(image).as("the snapshot decodes as a JPEG").isNotNull();
        // Analysed at the model's width (416), decoded and scaled in one step: 768x576 becomes 416x312.
        assertThat(image.getWidth()).isEqualTo(416);
        assertThat(image.getHeight()).isEqualTo(312);

        JsonNode list = JSON.readTree(get("/api/alerts?limit=10", HttpResponse.BodyHandlers.ofString()).body());
        assertThat(list.findValuesAsText("id")).contains(alert.get("id").asText());

        // The evidence clip: a few seconds before the alert from ingest's pre-event buffer and a few after,
        // remuxed into MP4; it is READY once the seconds after have been recorded.
        String id = alert.get("id").asText();
        JsonNode withClip = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode a = JSON.readTree(get("/api/alerts/" + id, HttpResponse.BodyHandlers.ofString()).body());
            if (!a.path("clip").asText().equals("RECORDING")) {
                withClip = a;
                break;
            }
            Thread.sleep(250);
        }
        assertThat(withClip).as("the clip is done within 30 s").isNotNull();
        assertThat(withClip.path("clip").asText()).as("clip state (note: %s)", withClip.path("clipNote").asText())
                .isEqualTo("READY");
        HttpResponse<byte[]> clip = get(withClip.get("clipUrl").asText(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(clip.statusCode()).isEqualTo(200);
        assertThat(clip.headers().firstValue("content-type")).contains("video/mp4");
        Path file = java.nio.file.Files.createTempFile("clip", ".mp4");
        try {
            java.nio.file.Files.write(file, clip.body());
            try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(
                    file.toString())) {
                grabber.start();
                int frames = 0;
                while (grabber.grabImage() != null) {
                    frames++;
                }
                // The pedestrian clip runs at 10 fps: the clip holds seconds of it, not a frame or two.
                assertThat(frames).as("decoded frames of the clip").isGreaterThan(20);
                assertThat(grabber.getImageWidth()).isEqualTo(768);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void camerasShowStreamingAndOfflineWithoutCredentials() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode cameras;
        String body;
        do {
            body = get("/api/cameras", HttpResponse.BodyHandlers.ofString()).body();
            cameras = JSON.readTree(body);
            if (status(cameras, "pedestrians").equals("STREAMING") && status(cameras, "dead-camera").equals("RETRYING")) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);

        assertThat(status(cameras, "pedestrians")).isEqualTo("STREAMING");
        assertThat(status(cameras, "dead-camera")).isEqualTo("RETRYING");
        assertThat(camera(cameras, "dead-camera").get("online").asBoolean()).isFalse();
        assertThat(camera(cameras, "pedestrians").get("online").asBoolean()).isTrue();
        assertThat(camera(cameras, "dead-camera").get("reason").asText()).isNotBlank();
        assertThat(body).doesNotContain("Secr3tPass").doesNotContain("admin:");
        assertThat(camera(cameras, "pedestrians").get("district").asText()).isEqualTo("District 1");
    }

    @Test
    void theLivePushSaysTheUnreachableCameraIsOfflineAndCountsItsClient() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode dead = null;
        while (dead == null && System.nanoTime() < deadline) {
            JsonNode n = cameraPushes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (n != null && n.at("/camera/id").asText().equals("dead-camera")
                    && n.at("/camera/status").asText().equals("RETRYING")) {
                dead = n;
            }
        }
        assertThat(dead).as("a camera message for dead-camera, RETRYING, within 30 s").isNotNull();
        assertThat(dead.at("/camera/online").asBoolean()).isFalse();
        assertThat(dead.at("/camera/district").asText()).isEqualTo("District 5");
        assertThat(dead.at("/camera/reason").asText()).isNotBlank();
        assertThat(dead.get("eventId").asText()).hasSize(26);
        assertThat(dead.toString()).doesNotContain("Secr3tPass");
        assertThat(get("/metrics", HttpResponse.BodyHandlers.ofString()).body())
                .contains("citywatch_push_clients{transport=\"ws\"} 1.0")
                .contains("citywatch_push_clients{transport=\"sse\"} 0.0");
    }

    @Test
    void metricsShowEachCameraWithoutItsUrl() throws Exception {
        camerasShowStreamingAndOfflineWithoutCredentials(); // waits for both cameras to settle
        String metrics = get("/metrics", HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("citywatch_camera_up\\{camera=\"pedestrians\",district=\"District 1\"} 1\\.0")
                .containsPattern("citywatch_camera_up\\{camera=\"dead-camera\",district=\"District 5\"} 0\\.0")
                .containsPattern("citywatch_cameras\\{status=\"STREAMING\"} 2\\.0")
                .contains("citywatch_camera_fps").contains("citywatch_websocket_clients")
                .doesNotContain("Secr3tPass").doesNotContain("rtsp://");

        // Alerts by type and severity: every pair from the start (at 0 until raised), the crowd alert counted.
        waitForFirstAlert();
        metrics = get("/metrics", HttpResponse.BodyHandlers.ofString()).body();
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) {
                assertThat(metric(metrics, "citywatch_alerts_total{severity=\"" + severity + "\",type=\"" + type
                        + "\"}")).as("alerts %s %s", type, severity).isNotNegative();
            }
        }
        assertThat(metric(metrics, "citywatch_alerts_total{severity=\"P2\",type=\"CROWD\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "citywatch_alerts_total{severity=\"P1\",type=\"INTRUSION\"}")).isZero();
        // Frame arrival to detections: frames have been analysed by now, and on any machine well under a minute.
        assertThat(metric(metrics, "citywatch_detection_latency_p99_ms")).isPositive().isLessThan(60_000);
    }

    /** The value of one series of a Prometheus text exposition (a metric and its labels exactly as written). */
    private static double metric(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no series " + series + " in /metrics");
    }

    @Test
    void theSchedulerShowsWhoIsAnalysedAndOperatorsCanPin() throws Exception {
        waitForFirstAlert(); // by then the pedestrian camera has been analysed for a while
        JsonNode view = JSON.readTree(get("/api/analytics", HttpResponse.BodyHandlers.ofString()).body());
        assertThat(view.get("maxConcurrentStreams").asInt()).isEqualTo(50);
        assertThat(view.get("targetFps").asDouble()).isEqualTo(3.0);
        assertThat(view.get("patrolCycleSeconds").asLong()).as("3 cameras, 50 slots: no rotation").isZero();
        assertThat(view.get("capacityFps").asDouble()).isPositive();
        assertThat(view.get("figures").get("detectedFrames").asLong()).isPositive();
        assertThat(view.get("figures").get("latencyP99Ms").asDouble()).isPositive();
        JsonNode row = camera(view.get("cameras"), "pedestrians");
        assertThat(row.get("state").asText()).isIn("LIVE", "PATROL");
        assertThat(row.get("fps").asDouble()).isPositive().isLessThanOrEqualTo(3.0);
        assertThat(row.get("lastAnalysedAt").isNull()).isFalse();

        HttpResponse<String> pinned = TestHttp.post(base + "/api/cameras/pedestrians/pin", operator, null);
        assertThat(pinned.statusCode()).isEqualTo(204);
        JsonNode camera = camera(JSON.readTree(get("/api/cameras", HttpResponse.BodyHandlers.ofString()).body()),
                "pedestrians");
        assertThat(camera.get("analysis").get("state").asText()).isEqualTo("LIVE");
        assertThat(camera.get("analysis").get("role").asText()).isIn("PINNED", "ALERT");
        assertThat(camera.get("analysis").get("analysedFrames").asLong()).isPositive();

        assertThat(TestHttp.send("DELETE", base + "/api/cameras/pedestrians/pin", viewer, null).statusCode())
                .as("viewers do not pin").isEqualTo(403);
        assertThat(TestHttp.send("DELETE", base + "/api/cameras/pedestrians/pin", operator, null).statusCode())
                .isEqualTo(204);
        assertThat(TestHttp.post(base + "/api/cameras/nope/pin", operator, null).statusCode()).isEqualTo(404);

        String metrics = get("/metrics", HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("citywatch_analysed_streams").contains("citywatch_detector_capacity_fps")
                .contains("citywatch_patrol_cycle_seconds").contains("citywatch_detected_frames_total");
    }

    @Test
    void vehicleCountsAreServedPerMinuteAndExportedToPrometheus() throws Exception {
        JsonNode counts = null;
        JsonNode away = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (away == null && System.nanoTime() < deadline) {
            counts = JSON.readTree(get("/api/counts?camera=highway", HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : counts.get("totals")) {
                if (t.get("direction").asText().equals("away")) { // the right carriageway drives away
                    away = t;
                }
            }
            if (away == null) {
                Thread.sleep(500);
            }
        }
        assertThat(away).as("cars counted driving away within 90 s: %s", counts).isNotNull();
        assertThat(away.get("line").asText()).isEqualTo("gantry");
        assertThat(away.get("count").asLong()).isPositive();
        assertThat(counts.get("minutes").get(0).get("minute").asText()).endsWith(":00Z");

        String metrics = get("/metrics", HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("citywatch_vehicle_crossings_total\\{[^}]*camera=\"highway\"[^}]*"
                + "direction=\"away\"[^}]*line=\"gantry\"[^}]*} [1-9]");

        assertThat(get("/api/counts?camera=nope", HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(get("/api/counts", HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(get("/api/counts?camera=highway&from=yesterday", HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void operatorsTakeAnAlertThroughItsWorkflowWithAnAuditTrailOfTheSignedInUsers() throws Exception {
        waitForFirstAlert();
        String id = JSON.readTree(get("/api/alerts?limit=1&type=CROWD", HttpResponse.BodyHandlers.ofString()).body())
                .get(0).get("id").asText();
        assertThat(act(id, "acknowledge", "{}", viewer).statusCode()).as("viewers only watch").isEqualTo(403);
        // A "user" in the body is ignored: the audit trail names the token's user.
        HttpResponse<String> ack = act(id, "acknowledge", "{\"user\":\"someone-else\",\"why\":\"seen on the wall\"}",
                operator);
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ack.body()).get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(act(id, "acknowledge", "{}", operator).statusCode()).as("twice").isEqualTo(409);
        HttpResponse<String> notHers = act(id, "dispatch", "{\"unit\":\"Ward 6 patrol\"}", operator);
        assertThat(notHers.statusCode()).as("operators do not dispatch").isEqualTo(403);
        assertThat(JSON.readTree(notHers.body()).get("message").asText()).isEqualTo("needs role dispatcher");
        assertThat(act(id, "dispatch", "{\"unit\":\"Ward 6 patrol\",\"note\":\"crowd control\"}", dispatcher)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> resolved = act(id, "resolve", "{\"why\":\"dispersed\"}", dispatcher);
        assertThat(resolved.statusCode()).isEqualTo(200);

        JsonNode audit = JSON.readTree(get("/api/alerts/" + id, HttpResponse.BodyHandlers.ofString()).body())
                .get("audit");
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0).get("user").asText()).isEqualTo("op-lan");
        assertThat(audit.get(1).get("user").asText()).isEqualTo("disp-minh");
        assertThat(audit.get(1).get("unit").asText()).isEqualTo("Ward 6 patrol");
        assertThat(audit.get(1).get("note").asText()).isEqualTo("crowd control");
        assertThat(audit.get(2).get("to").asText()).isEqualTo("RESOLVED");
        assertThat(audit.get(2).get("user").asText()).isEqualTo("disp-minh");
        // The node's audit trail has the same steps with the same users, for admins.
        String admin = TestSecurity.token(HTTP, base, "ada-admin");
        JsonNode trail = JSON.readTree(TestHttp.get(base + "/api/audit?action=alert.", admin).body());
        java.util.List<String> steps = new java.util.ArrayList<>();
        trail.path("entries").forEach(e -> {
            if (e.path("target").asText().equals(id)) {
                steps.add(e.path("user").asText() + " " + e.path("action").asText() + " " + e.path("detail").asText());
            }
        });
        assertThat(steps).as("newest first").containsExactly("disp-minh alert.resolve why=dispersed",
                "disp-minh alert.dispatch unit=Ward 6 patrol", "op-lan alert.acknowledge why=seen on the wall");
        assertThat(act(id, "false-alarm", "{}", dispatcher).statusCode()).as("closed workflow").isEqualTo(409);
        assertThat(act(id, "promote", "{}", dispatcher).statusCode()).isEqualTo(404);
        assertThat(act("NO-SUCH-ID", "acknowledge", "{}", operator).statusCode()).isEqualTo(404);
        assertThat(act(id, "acknowledge", "not json", operator).statusCode()).isEqualTo(400);
        assertThat(act(id, "acknowledge", "{}", null).statusCode()).as("no token").isEqualTo(401);
    }

    @Test
    void camerasAreFilteredAndTheNearestFoundForACitizensReport() throws Exception {
        camerasShowStreamingAndOfflineWithoutCredentials(); // both cameras settled
        assertThat(ids("/api/cameras?district=Thu%20Duc")).containsExactly("highway");
        assertThat(ids("/api/cameras?kind=traffic")).containsExactlyInAnyOrder("highway", "dead-camera");
        assertThat(ids("/api/cameras?status=RETRYING")).containsExactly("dead-camera");
        assertThat(ids("/api/cameras?status=streaming")).containsExactlyInAnyOrder("pedestrians", "highway");
        assertThat(get("/api/cameras?analysis=SOMETIMES", HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(400);

        JsonNode highway = JSON.readTree(get("/api/cameras/highway", HttpResponse.BodyHandlers.ofString()).body());
        assertThat(highway.get("status").asText()).isEqualTo("STREAMING");
        assertThat(highway.at("/scene/lines/0/id").asText()).isEqualTo("gantry");
        assertThat(highway.at("/scene/lines/0/from/0").asDouble()).isEqualTo(0.39);
        assertThat(highway.at("/scene/lines/0/backward").asText()).isEqualTo("away");
        assertThat(get("/api/cameras/nope", HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // A report from a street corner about 300 m from the pedestrian camera, 8.7 km from the highway one.
        JsonNode near = JSON.readTree(get("/api/cameras/nearest?lat=10.7760&lon=106.7060&k=2",
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(near).hasSize(2);
        assertThat(near.get(0).at("/camera/id").asText()).isEqualTo("pedestrians");
        assertThat(near.get(0).get("distanceM").asDouble()).isBetween(250.0, 350.0);
        assertThat(near.get(0).at("/camera/online").asBoolean()).isTrue();
        assertThat(near.get(1).get("distanceM").asDouble()).isGreaterThan(near.get(0).get("distanceM").asDouble());
        assertThat(near.toString()).doesNotContain("Secr3tPass");
        assertThat(get("/api/cameras/nearest?lat=10.77", HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(400);
        assertThat(get("/api/cameras/nearest?lat=10.77&lon=106.7&k=0", HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void statisticsShowAlertsPerHourCountsAndTheSystemsThroughput() throws Exception {
        waitForFirstAlert();
        JsonNode hours = JSON.readTree(get("/api/stats/alerts", HttpResponse.BodyHandlers.ofString()).body())
                .get("hours");
        assertThat(hours).anySatisfy(h -> {
            assertThat(h.get("type").asText()).isEqualTo("CROWD");
            assertThat(h.get("district").asText()).isEqualTo("District 1");
            assertThat(h.get("count").asInt()).isPositive();
            assertThat(h.get("hour").asText()).endsWith(":00:00Z");
        });
        assertThat(JSON.readTree(get("/api/stats/alerts?district=Thu%20Duc", HttpResponse.BodyHandlers.ofString())
                .body()).get("hours")).isEmpty();
        assertThat(get("/api/stats/alerts?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);

        vehicleCountsAreServedPerMinuteAndExportedToPrometheus(); // waits for crossings
        JsonNode series = JSON.readTree(get("/api/stats/counts", HttpResponse.BodyHandlers.ofString()).body())
                .get("series");
        assertThat(series).anySatisfy(r -> {
            assertThat(r.get("camera").asText()).isEqualTo("highway");
            assertThat(r.get("line").asText()).isEqualTo("gantry");
            assertThat(r.get("count").asLong()).isPositive();
        });

        JsonNode system = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) { // the inference rate needs two samples, 5 s apart
            system = JSON.readTree(get("/api/stats/system", HttpResponse.BodyHandlers.ofString()).body());
            if (!system.get("inferenceFps").isNull()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(system.get("camerasTotal").asInt()).isEqualTo(3);
        assertThat(system.get("camerasOnline").asInt()).isEqualTo(2);
        assertThat(system.get("analysedStreams").asInt()).isPositive();
        assertThat(system.get("inferenceFps").asDouble()).isPositive();
        assertThat(system.has("history")).as("only when asked").isFalse();

        // The server's own samples, one per 10 s since start: a chart opened now shows the recent past.
        JsonNode history = JSON.createArrayNode();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (history.size() < 2 && System.nanoTime() < deadline) {
            history = JSON.readTree(get("/api/stats/system?historyMinutes=60", HttpResponse.BodyHandlers.ofString())
                    .body()).path("history");
            Thread.sleep(500);
        }
        assertThat(history.size()).as("samples after 20 s or more").isGreaterThanOrEqualTo(2);
        JsonNode newest = history.get(history.size() - 1);
        assertThat(java.time.Instant.parse(newest.get("at").asText()))
                .isAfter(java.time.Instant.parse(history.get(0).get("at").asText()));
        assertThat(newest.get("camerasTotal").asInt()).isEqualTo(3);
        assertThat(newest.get("camerasOnline").asInt()).isEqualTo(2);
        assertThat(get("/api/stats/system?historyMinutes=1000", HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(400);

        JsonNode ui = JSON.readTree(get("/api/ui-config", HttpResponse.BodyHandlers.ofString()).body());
        assertThat(ui.get("tileUrl").isNull()).as("no tile server configured").isTrue();
        assertThat(ui.at("/center/0").asDouble()).isBetween(10.7, 10.9); // the middle of the three cameras
        assertThat(ui.get("zoom").asInt()).isEqualTo(12);
    }

    private static java.util.List<String> ids(String path) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        JSON.readTree(get(path, HttpResponse.BodyHandlers.ofString()).body()).forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    private static HttpResponse<String> act(String id, String action, String body, String token) throws Exception {
        return TestHttp.post(base + "/api/alerts/" + id + "/" + action, token, body);
    }

    @Test
    void healthAndErrorsAreJson() throws Exception {
        HttpResponse<String> health = get("/health", HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> missing = get("/api/alerts/NO-SUCH-ID", HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("not_found");

        HttpResponse<String> bad = get("/api/alerts?limit=abc", HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("code").asText()).isEqualTo("bad_request");

        HttpResponse<String> anonymous = TestHttp.get(base + "/api/alerts", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).get("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void theDashboardShowsTheCamerasAndTheAlertInARealBrowser() throws Exception {
        Optional<Path> chromium = Chromium.find();
        // CI installs Chromium (.ci/run); a developer machine without it skips this one test, saying so.
        if (System.getenv("CI") == null) {
            assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium)");
        }
        assertThat(chromium).as("Chromium must be installed in CI").isPresent();
        waitForFirstAlert();

        // The page itself loads without a token: it is where people sign in.
        String shell = Chromium.dumpDom(chromium.get(), base + "/", 3000);
        assertThat(shell).contains("id=\"login-form\"").doesNotContain("id=\"camera-grid\"").doesNotContain("Secr3tPass");

        // With a token handed over in the URL's fragment (never sent to the server), the signed-in dashboard shows
        // cameras and the alert.
        String dom = Chromium.dumpDom(chromium.get(), base + "/#access_token=" + viewer, 8000);

        assertThat(dom).contains("id=\"camera-grid\"");
        assertThat(dom).contains("data-camera-id=\"pedestrians\"").contains("data-camera-id=\"dead-camera\"");
        assertThat(dom).contains("Campus road").contains("Unreachable junction");
        assertThat(dom).contains("STREAMING").contains("RETRYING");
        assertThat(dom).contains("class=\"alert-item").contains("CROWD");
        assertThat(dom).doesNotContain("Secr3tPass");
    }

    private static void waitForFirstAlert() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (JSON.readTree(get("/api/alerts?limit=1", HttpResponse.BodyHandlers.ofString()).body()).size() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no alert within 60 s");
    }

    /** A viewer's GET. */
    private static <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler) throws Exception {
        return TestHttp.send(TestHttp.request("GET", base + path, viewer, null).build(), handler);
    }

    private static JsonNode camera(JsonNode cameras, String id) {
        for (JsonNode c : cameras) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no camera " + id + " in " + cameras);
    }

    private static String status(JsonNode cameras, String id) {
        return camera(cameras, id).get("status").asText();
    }
}
