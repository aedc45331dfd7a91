package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywatch.ingest.decode.DecodePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wall tile of a camera that is not analysed asks for its image once a second, and gets a new picture each time
 * (not the 10-s thumbnail): the request itself keeps the camera live. The app runs in process on a looped clip,
 * with its one analysis slot pinned to another camera.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveViewAppTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static CityWatchApp app;
    private static String base;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                analytics: { maxConcurrentStreams: 1, targetFps: 2, pinned: [ busy ] }
                cameras:
                  - { id: busy, name: Busy, url: "asset:vtest_first20s_h264.mp4", district: District 1, latitude: 10.77, longitude: 106.70 }
                  - { id: quiet, name: Quiet, url: "asset:highway_video02_h264.mp4", district: Thu Duc, latitude: 10.82, longitude: 106.75 }
                  - { id: dark, name: Dark, url: "rtsp://127.0.0.1:1/nothing", district: Thu Duc, latitude: 10.83, longitude: 106.76 }
                """ + TestSecurity.yaml(Map.of("vera-viewer", "viewer"));
        app = TestHttp.startApp(yaml, Path.of("."));
        base = "http://127.0.0.1:" + app.port();
        viewer = TestSecurity.token(HTTP, base, "vera-viewer");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aViewedTileGetsANewPictureEverySecond() throws Exception {
        // The first thumbnail comes with the first decoded frame.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (image("quiet").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the idle camera's first picture").isLessThan(end);
            Thread.sleep(200);
        }
        List<byte[]> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<byte[]> r = image("quiet");
            assertThat(r.statusCode()).isEqualTo(200);
            seen.add(r.body());
            Thread.sleep(1_000);
        }
        int changes = 0;
        for (int i = 1; i < seen.size(); i++) {
            changes += Arrays.equals(seen.get(i), seen.get(i - 1)) ? 0 : 1;
        }
        // The clip moves (cars on a highway): a new picture is a different JPEG. Two misses are allowed for a loaded
        // machine; a 10-s thumbnail would give at most one change.
        assertThat(changes).as("new pictures in 5 one-second steps").isGreaterThanOrEqualTo(3);

        JsonNode quiet = new ObjectMapper().readTree(TestHttp.get(base + "/api/cameras/quiet", viewer).body());
        assertThat(quiet.path("analysis").path("state").asText()).as("still not analysed").isEqualTo("IDLE");

        // A made-up camera takes no live view; the metrics count the one real view.
        assertThat(image("nobody").statusCode()).isEqualTo(404);
        String metrics = TestHttp.get(base + "/metrics", null).body();
        assertThat(metrics).contains("citywatch_live_views 1.0").contains("citywatch_live_views_refused_total 0.0");
    }

    /**
     * An RTSP camera is decoded as its policy says (a file camera decodes every picture anyway): a viewed tile must
     * reach ingest through the app's wiring, and the lease's end must take it back to thumbnails. The camera need not
     * be reachable: ingest keeps the policy for when it connects.
     */
    @Test
    void aViewedRtspCameraIsDecodedForItAndGoesBackToThumbnailsAfterTheLease() throws Exception {
        DecodePolicy thumbnails = DecodePolicy.thumbnailDefault();
        assertThat(app.decodePolicy("dark")).isEqualTo(thumbnails);
        assertThat(image("dark").statusCode()).as("no picture yet, but the lease is taken").isEqualTo(404);
        assertThat(app.decodePolicy("dark")).as("keyframe rate unknown: every picture")
                .isEqualTo(new DecodePolicy.All());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!app.decodePolicy("dark").equals(thumbnails) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(app.decodePolicy("dark")).as("5 s after the last request").isEqualTo(thumbnails);
    }

    private static HttpResponse<byte[]> image(String camera) throws Exception {
        return TestHttp.send(TestHttp.request("GET", base + "/api/cameras/" + camera + "/latest.jpg", viewer, null)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
