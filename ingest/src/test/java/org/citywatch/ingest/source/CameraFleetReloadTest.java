package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.ingest.source.CameraFleetTest.waitUntil;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.citywatch.assets.AssetResolver;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraList;
import org.citywatch.ingest.camera.CameraListWatcher;
import org.citywatch.ingest.camera.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera list reloaded at run time, end to end: a real file, real file events, real clips through
 * real FFmpeg. Only what changed is touched; the rest keeps streaming without a gap.
 */
class CameraFleetReloadTest {

    private static final String PEDESTRIANS = "asset:vtest_first20s_h264.mp4";
    private static final String HIGHWAY = "asset:highway_video02_h264.mp4";
    private static final String ONE_BY_ONE = "asset:one-by-one-person-detection.mp4";

    @TempDir
    Path dir;

    private final CameraSources sources = new CameraSources(AssetResolver.fromEnvironment(),
            new CameraSources.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    SupervisedCameraSource.StallPolicy.defaults()));

    @AfterEach
    void closeSources() {
        sources.close();
    }

    /** Frames per camera, the longest pause between two frames of a camera, and the record each last came with. */
    private final Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
    private final Map<String, Long> lastFrameNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> longestGapNanos = new ConcurrentHashMap<>();
    private final Map<String, Camera> lastRecord = new ConcurrentHashMap<>();

    private final FrameSink sink = (camera, frame) -> {
        long now = System.nanoTime();
        frames.computeIfAbsent(camera.id(), k -> new AtomicLong()).incrementAndGet();
        Long previous = lastFrameNanos.put(camera.id(), now);
        if (previous != null) {
            longestGapNanos.merge(camera.id(), now - previous, Math::max);
        }
        lastRecord.put(camera.id(), camera);
    };

    private static String entry(String id, String name, String url) {
        return "  - id: " + id + "\n    name: " + name + "\n    url: " + url
                + "\n    district: District 1\n    latitude: 10.77\n    longitude: 106.70\n";
    }

    /** As an editor saves: write a temporary file, then rename it over the list. */
    private void save(Path file, String content) throws Exception {
        Path tmp = dir.resolve(".cameras.yaml.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aReloadTouchesOnlyWhatChangedAndABrokenFileChangesNothing() throws Exception {
        Path file = dir.resolve("cameras.yaml");
        String keep = entry("keep", "Campus road", PEDESTRIANS);
        save(file, "cameras:\n" + keep + entry("gone", "Old highway", HIGHWAY)
                + entry("moved", "Lobby", HIGHWAY) + entry("renamed", "Gate", PEDESTRIANS));
        BlockingQueue<CameraFleet.Change> changes = new LinkedBlockingQueue<>();

        try (LogCapture watcherLog = new LogCapture(CameraListWatcher.class);
             CameraFleet fleet = new CameraFleet(sources, sink);
             CameraListWatcher watcher = CameraListWatcher.start(file, list -> changes.add(fleet.apply(list.cameras())),
                     Duration.ofMillis(500), Duration.ofMillis(200))) {
            CameraFleet.Change first = fleet.apply(CameraList.read(file).cameras());
            assertThat(first.started()).containsExactly("keep", "gone", "moved", "renamed");
            waitUntil(Duration.ofSeconds(20), () -> fleet.snapshot().stream()
                    .allMatch(e -> e.health().status() == CameraStatus.STREAMING));

            CameraSource keepSource = fleet.source("keep").orElseThrow();
            CameraSource renamedSource = fleet.source("renamed").orElseThrow();
            CameraSource movedSource = fleet.source("moved").orElseThrow();
            long keepFramesBefore = fleet.get("keep").orElseThrow().health().framesReceived();
            Set<CameraStatus> keepStates = new CopyOnWriteArraySet<>();
            Set<CameraStatus> renamedStates = new CopyOnWriteArraySet<>();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    fleet.get("keep").ifPresent(e -> keepStates.add(e.health().status()));
                    fleet.get("renamed").ifPresent(e -> renamedStates.add(e.health().status()));
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            longestGapNanos.clear();

            // One removed, one added, one moved to another stream, one renamed; "keep" untouched.
            save(file, "cameras:\n" + keep + entry("moved", "Lobby", ONE_BY_ONE)
                    + entry("renamed", "North gate", PEDESTRIANS) + entry("added", "New junction", HIGHWAY));
            CameraFleet.Change change = changes.poll(10, TimeUnit.SECONDS);

            assertThat(change).isEqualTo(new CameraFleet.Change(List.of("added"), List.of("gone"), List.of("moved"),
                    List.of("renamed"), List.of("keep")));
            assertThat(fleet.snapshot()).extracting(e -> e.camera().id())
                    .containsExactly("keep", "moved", "renamed", "added");
            assertThat(fleet.get("gone")).isEmpty();
            assertThat(fleet.source("keep")).containsSame(keepSource);
            assertThat(fleet.source("renamed")).containsSame(renamedSource);
            assertThat(fleet.source("moved").orElseThrow()).isNotSameAs(movedSource);
            assertThat(movedSource.health().status()).isEqualTo(CameraStatus.STOPPED);
            assertThat(fleet.get("renamed").orElseThrow().camera().name()).isEqualTo("North gate");

            waitUntil(Duration.ofSeconds(20), () -> status(fleet, "added") == CameraStatus.STREAMING
                    && status(fleet, "moved") == CameraStatus.STREAMING
                    && "North gate".equals(lastRecord.get("renamed").name()));
            assertThat(lastRecord.get("moved").url()).isEqualTo(ONE_BY_ONE);
            long goneFrames = frames.get("gone").get();

            sampler.interrupt();
            sampler.join();
            assertThat(keepStates).as("keep never left STREAMING").containsOnly(CameraStatus.STREAMING);
            assertThat(renamedStates).as("renamed never left STREAMING").containsOnly(CameraStatus.STREAMING);
            assertThat(fleet.get("keep").orElseThrow().health().framesReceived()).isGreaterThan(keepFramesBefore);
            // The clips run at 10 fps: a reconnect would show as a pause of a second or more.
            assertThat(longestGapNanos.get("keep")).isLessThan(TimeUnit.MILLISECONDS.toNanos(600));
            assertThat(longestGapNanos.get("renamed")).isLessThan(TimeUnit.MILLISECONDS.toNanos(600));

            // A half-written file: nothing changes, one error.
            Files.writeString(file, "cameras:\n" + keep + "  - id: moved\n    url: [asset:one-by");
            waitUntil(Duration.ofSeconds(5), () -> watcherLog.messages(Level.ERROR).size() == 1);
            assertThat(changes).isEmpty();
            assertThat(fleet.snapshot()).extracting(e -> e.camera().id())
                    .containsExactly("keep", "moved", "renamed", "added");
            assertThat(fleet.source("keep")).containsSame(keepSource);
            assertThat(frames.get("gone").get()).as("a stopped camera delivers nothing more").isEqualTo(goneFrames);

            // Fixed: applies. "added" dropped, the rest as before.
            Files.writeString(file, "cameras:\n" + keep + entry("moved", "Lobby", ONE_BY_ONE)
                    + entry("renamed", "North gate", PEDESTRIANS));
            change = changes.poll(10, TimeUnit.SECONDS);
            assertThat(change).isEqualTo(new CameraFleet.Change(List.of(), List.of("added"), List.of(), List.of(),
                    List.of("keep", "moved", "renamed")));
            assertThat(watcherLog.messages(Level.ERROR)).as("the broken version was reported once").hasSize(1);
            assertThat(fleet.source("keep")).containsSame(keepSource);
            assertThat(status(fleet, "keep")).isEqualTo(CameraStatus.STREAMING);
        }
    }

    @Test
    void startAddsToWhatRunsAndApplyOfTheSameListChangesNothing() {
        Camera a = new Camera("a", "A", "/nonexistent/a.mp4", null, "", 10, 106);
        Camera b = new Camera("b", "B", "/nonexistent/b.mp4", null, "", 10, 106);
        try (CameraFleet fleet = new CameraFleet(sources, sink)) {
            fleet.start(List.of(a));
            fleet.start(List.of(b, new Camera("a", "A again", "/nonexistent/other.mp4", null, "", 10, 106)));
            assertThat(fleet.snapshot()).extracting(e -> e.camera().name()).containsExactly("A", "B");

            CameraSource sourceA = fleet.source("a").orElseThrow();
            CameraFleet.Change same = fleet.apply(List.of(a, b));
            assertThat(same.isEmpty()).isTrue();
            assertThat(same.unchanged()).containsExactly("a", "b");
            assertThat(fleet.source("a")).containsSame(sourceA);

            assertThat(fleet.apply(List.of()).stopped()).containsExactly("a", "b");
            assertThat(fleet.snapshot()).isEmpty();
        }
    }

    /** A source that does nothing but take {@code stopMillis} to stop; enough for what apply decides. */
    private static final class SlowToStop implements CameraSource {
        final Camera camera;
        final long stopMillis;
        volatile long stoppedAtNanos;

        SlowToStop(Camera camera, long stopMillis) {
            this.camera = camera;
            this.stopMillis = stopMillis;
        }

        @Override
        public Camera camera() {
            return camera;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
            try {
                Thread.sleep(stopMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stoppedAtNanos = System.nanoTime();
        }

        @Override
        public CameraHealth health() {
            throw new UnsupportedOperationException("not needed by these tests");
        }
    }

    @Test
    void camerasStopInParallelSoASlowOneDelaysNoOther() {
        Map<String, SlowToStop> made = new ConcurrentHashMap<>();
        CameraFleet fleet = new CameraFleet((camera, s) -> made.computeIfAbsent(camera.id(),
                id -> new SlowToStop(camera, id.equals("slow") ? 1500 : 300)), sink);
        List<Camera> cameras = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new Camera(i == 0 ? "slow" : "fast-" + i, null, "rtsp://10.0.0." + i + "/live", null, "", 10, 106))
                .toList();
        fleet.apply(cameras);

        long start = System.nanoTime();
        CameraFleet.Change change = fleet.apply(List.of());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(change.stopped()).hasSize(8);
        assertThat(tookMillis).as("8 stops, one of 1.5 s: %d ms", tookMillis).isBetween(1400L, 2500L);
        for (int i = 1; i < 8; i++) {
            assertThat(made.get("fast-" + i).stoppedAtNanos - start)
                    .as("fast-%d stopped without waiting for the slow one", i)
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));
        }
    }

    @Test
    void aCameraWhoseSourceCannotBeCreatedAffectsOnlyItselfAndIsRetriedOnTheNextApply() {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        CameraFleet fleet = new CameraFleet((camera, s) -> {
            attempts.merge(camera.id(), 1, Integer::sum);
            if (camera.id().equals("broken")) {
                throw new IllegalArgumentException("cannot open rtsp://admin:s3cret@10.0.0.9/live");
            }
            return new SlowToStop(camera, 0);
        }, sink);
        List<Camera> cameras = List.of(
                new Camera("one", null, "rtsp://10.0.0.1/live", null, "", 10, 106),
                new Camera("broken", null, "rtsp://admin:s3cret@10.0.0.9/live", null, "", 10, 106),
                new Camera("two", null, "rtsp://10.0.0.2/live", null, "", 10, 106));

        try (LogCapture fleetLog = new LogCapture(CameraFleet.class)) {
            CameraFleet.Change change = fleet.apply(cameras);
            assertThat(change.started()).containsExactly("one", "two");
            assertThat(fleet.source("broken")).isEmpty();
            assertThat(fleetLog.messages(Level.ERROR)).singleElement().asString()
                    .contains("broken").contains("rtsp://***@10.0.0.9/live");
            assertThat(fleetLog.all()).doesNotContain("s3cret");

            change = fleet.apply(cameras);
            assertThat(change.unchanged()).containsExactly("one", "two");
            assertThat(attempts).containsEntry("broken", 2).containsEntry("one", 1);
        }
    }

    private static CameraStatus status(CameraFleet fleet, String id) {
        return fleet.get(id).orElseThrow().health().status();
    }
}
