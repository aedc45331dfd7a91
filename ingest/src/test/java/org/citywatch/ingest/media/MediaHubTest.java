package org.citywatch.ingest.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.decode.Mp4AccessUnits;
import org.citywatch.ingest.rtp.AccessUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hub with real access units of a sample clip (one-by-one: a keyframe every second, 140 GOPs). */
class MediaHubTest {

    private static List<AccessUnit> units;
    private final Camera camera = new Camera("cam-1", "Lobby", "rtsp://127.0.0.1/x", CameraKind.WARD, "D3", 10.78, 106.69);

    @BeforeAll
    static void read() {
        units = Mp4AccessUnits.read(Mp4AccessUnits.sample("one-by-one-person-detection.mp4"));
    }

    @Test
    void aNewSubscriberStartsWithTheCurrentGopFromItsKeyframe() throws Exception {
        try (MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.None(), 1)) {
            int lastKey = 0;
            for (int i = 0; i < 25; i++) {
                hub.onAccessUnit(camera, units.get(i));
                if (units.get(i).keyframe()) {
                    lastKey = i;
                }
            }
            List<AccessUnit> gop = hub.currentGop("cam-1");
            assertThat(gop).isNotEmpty();
            assertThat(gop.get(0).keyframe()).isTrue();
            assertThat(gop).containsExactlyElementsOf(units.subList(lastKey, 25));

            BoundedHandoff<AccessUnit> feed = hub.subscribe(camera, 100);
            assertThat(feed.poll(1, TimeUnit.SECONDS)).isSameAs(units.get(lastKey));
            hub.onAccessUnit(camera, units.get(25));
            AccessUnit last = null;
            for (AccessUnit u; (u = feed.poll(10, TimeUnit.MILLISECONDS)) != null; ) {
                last = u;
            }
            assertThat(last).isSameAs(units.get(25));
        }
    }

    @Test
    void aSlowSubscriberLosesTheOldestNotMemory() throws Exception {
        try (MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.None(), 1)) {
            BoundedHandoff<AccessUnit> feed = hub.subscribe(camera, 8);
            for (AccessUnit u : units.subList(0, 300)) {
                hub.onAccessUnit(camera, u);
            }
            assertThat(feed.size()).isEqualTo(8);
            assertThat(feed.dropped()).isEqualTo(300 - 8);
            assertThat(feed.poll(1, TimeUnit.SECONDS)).isSameAs(units.get(292));
            hub.unsubscribe("cam-1", feed);
            hub.onAccessUnit(camera, units.get(300));
            assertThat(feed.size()).isZero();
        }
    }

    @Test
    void thumbnailModeDecodesOneKeyframePerIntervalAndAllModeEveryPicture() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        List<AccessUnit> tenSeconds = units.subList(0, 100); // 10 fps: 10 s, 10 keyframes
        try (MediaHub hub = new MediaHub((c, f) -> frames.incrementAndGet(),
                new DecodePolicy.KeyframesEvery(Duration.ofSeconds(5)), 1)) {
            for (AccessUnit u : tenSeconds) {
                hub.onAccessUnit(camera, u);
                Thread.sleep(1); // let the decode worker keep up, as a 10 fps stream would
            }
            waitFor(() -> frames.get() >= 2);
            Thread.sleep(200);
            assertThat(frames.get()).as("keyframes at 0 s and 5 s").isEqualTo(2);

            frames.set(0);
            hub.setPolicy("cam-1", new DecodePolicy.All());
            for (AccessUnit u : units.subList(100, 130)) {
                hub.onAccessUnit(camera, u);
                Thread.sleep(2);
            }
            waitFor(() -> frames.get() >= 25);
            assertThat(hub.policy("cam-1")).isEqualTo(new DecodePolicy.All());
        }
    }

    @Test
    void theGopWindowIsCappedInBytes() {
        GopWindow w = new GopWindow(50_000);
        for (AccessUnit u : units.subList(0, 200)) {
            w.add(u);
            assertThat(w.bytes()).isLessThanOrEqualTo(50_000);
        }
        assertThat(w.snapshot()).isNotEmpty();
        assertThat(w.snapshot().get(0).keyframe()).isTrue();
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
