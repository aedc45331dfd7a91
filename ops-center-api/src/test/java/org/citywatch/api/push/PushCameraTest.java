package org.citywatch.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.detect.OnnxDetector;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.AnalyticsSettings;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Camera status and analysis changes of a real camera fleet and scheduler, pushed over real WebSockets. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PushCameraTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private PushTestServer server;
    private CameraSources sources;
    private CameraFleet fleet;
    private Vertx clients;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new PushTestServer();
        sources = new CameraSources(AssetResolver.fromEnvironment());
        fleet = new CameraFleet(sources, (camera, frame) -> { });
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        clients.close().await(10, TimeUnit.SECONDS);
        server.close();
        fleet.close();
        sources.close();
    }

    private WsTestClient ws(String query) throws Exception {
        WsTestClient c = WsTestClient.connect(clients, server.port, "/ws/alerts" + query);
        open.add(c);
        return c;
    }

    private static boolean camera(WsTestClient.Received r, String id, String status) {
        return r.type().equals("camera") && r.json().at("/camera/id").asText().equals(id)
                && r.json().at("/camera/status").asText().equals(status);
    }

    private static boolean analysis(WsTestClient.Received r, String id, String state) {
        return r.type().equals("camera") && r.json().at("/camera/id").asText().equals(id)
                && r.json().at("/camera/analysis/state").asText().equals(state);
    }

    private static Camera unreachable(String id) {
        return new Camera(id, "Camera " + id, "rtsp://127.0.0.1:1/" + id, CameraKind.TRAFFIC, "District 1", 10.77,
                106.70);
    }

    @Test
    void anUnreachableCameraIsPushedOfflineThenRemovedToTheClientsWhoseFiltersTakeIt() throws Exception {
        server.watchCameras(fleet::snapshot, List::of, Duration.ofMillis(100));
        WsTestClient byCamera = ws("?camera=dead-1");
        WsTestClient bySeverity = ws("?type=CROWD&minSeverity=P1"); // camera events are not filtered by these
        WsTestClient otherDistrict = ws("?district=District%209");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.hub.clients(Transport.WS) != 3) {
            assertThat(System.nanoTime()).as("clients joined in time").isLessThan(deadline);
            Thread.sleep(5);
        }

        Instant started = Instant.now();
        fleet.start(List.of(new Camera("dead-1", "Unreachable junction", "rtsp://admin:Secr3tPass@127.0.0.1:1/stream",
                CameraKind.TRAFFIC, "District 5", 10.754, 106.663)));

        List<WsTestClient.Received> got = byCamera.until(r -> camera(r, "dead-1", "RETRYING"), WAIT);
        assertThat(got).allMatch(r -> r.type().equals("camera"));
        var offline = got.getLast().json();
        assertThat(offline.get("eventId").asText()).hasSize(26);
        assertThat(offline.at("/camera/name").asText()).isEqualTo("Unreachable junction");
        assertThat(offline.at("/camera/district").asText()).isEqualTo("District 5");
        assertThat(offline.at("/camera/online").asBoolean()).isFalse();
        assertThat(offline.at("/camera/reason").asText()).isNotBlank();
        assertThat(Instant.parse(offline.at("/camera/since").asText())).isAfterOrEqualTo(started.minusSeconds(1));
        assertThat(offline.toString()).doesNotContain("Secr3tPass").doesNotContain("rtsp://");
        bySeverity.until(r -> camera(r, "dead-1", "RETRYING"), WAIT);

        fleet.apply(List.of());
        var removed = byCamera.until(r -> camera(r, "dead-1", "STOPPED"), WAIT).getLast().json();
        assertThat(removed.at("/camera/reason").asText()).isEqualTo("removed from the camera list");

        // The other district's client hears none of it: the first thing it gets is an alert of its own district.
        String mine = server.publish(TestAlerts.raised("cam-9", "District 9", AlertType.CROWD, Severity.P3)).eventId();
        assertThat(otherDistrict.next(WAIT).eventId()).isEqualTo(mine);
    }

    @Test
    void aPinPushesTheCamerasNewAnalysisStateAndAnUnpinTakesItBack() throws Exception {
        // The real scheduler of a real pipeline (yolox_nano, one worker): one slot, which the first camera's
        // hour-long patrol turn holds, so the second is idle until pinned. No frame is ever analysed (the cameras
        // are unreachable): only the schedule matters here.
        AnalyticsSettings settings = AnalyticsSettings.defaults()
                .withSchedule(new SchedulerSettings(1, 3, Duration.ofHours(1), 0.5)).withWorkers(1, 1);
        AssetResolver resolver = AssetResolver.fromEnvironment();
        ModelDescriptor model = ModelDescriptor.load("yolox_nano");
        AnalyticsPipeline pipeline = new AnalyticsPipeline(settings, () -> OnnxDetector.open(model, resolver, 1),
                new InMemoryAlertStore());
        open.add(pipeline);
        List<Camera> cameras = List.of(unreachable("patrol-1"), unreachable("pin-1"));
        pipeline.setCameras(cameras);
        fleet.start(cameras);
        server.watchCameras(fleet::snapshot, () -> pipeline.schedule().cameras(), Duration.ofMillis(100));
        WsTestClient pinnedOne = ws("?camera=pin-1");
        WsTestClient patrolOne = ws("?camera=patrol-1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.hub.clients(Transport.WS) != 2) {
            assertThat(System.nanoTime()).as("clients joined in time").isLessThan(deadline);
            Thread.sleep(5);
        }

        pipeline.pin("pin-1", true);
        var pinned = pinnedOne.until(r -> analysis(r, "pin-1", "LIVE"), WAIT).getLast().json().at("/camera");
        assertThat(pinned.at("/analysis/role").asText()).isEqualTo("PINNED");
        assertThat(pinned.at("/analysis/fps").asDouble()).isEqualTo(3.0);
        assertThat(pinned.at("/status").asText()).as("the status rides along").isNotBlank();
        // The camera whose slot it took is pushed too: idle, no role.
        var preempted = patrolOne.until(r -> analysis(r, "patrol-1", "IDLE"), WAIT).getLast().json().at("/camera");
        assertThat(preempted.at("/analysis/role").isNull()).isTrue();
        assertThat(preempted.at("/analysis/fps").asDouble()).isZero();

        pipeline.pin("pin-1", false);
        var unpinned = pinnedOne.until(r -> analysis(r, "pin-1", "IDLE"), WAIT).getLast().json().at("/camera");
        assertThat(unpinned.at("/analysis/role").isNull()).isTrue();
        patrolOne.until(r -> analysis(r, "patrol-1", "PATROL"), WAIT);
    }
}
