package org.citywatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files, real file events; short poll and debounce so the whole class runs in a few seconds. */
class CameraListWatcherTest {

    private static final Duration POLL = Duration.ofMillis(400);
    private static final Duration DEBOUNCE = Duration.ofMillis(200);
    /** Longer than a debounce plus a poll: if a reload were coming, it would have come. */
    private static final long QUIET_MS = 900;

    @TempDir
    Path dir;

    private final BlockingQueue<CameraList> reloads = new LinkedBlockingQueue<>();
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture(CameraListWatcher.class);
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    private static String yaml(String... idsAndUrls) {
        StringBuilder b = new StringBuilder("cameras:\n");
        for (int i = 0; i < idsAndUrls.length; i += 2) {
            b.append("  - id: ").append(idsAndUrls[i]).append("\n    url: ").append(idsAndUrls[i + 1])
                    .append("\n    latitude: 10.77\n    longitude: 106.70\n");
        }
        return b.toString();
    }

    @Test
    void anEditorsWriteThenRenameAndAWriteInPiecesAreOneReloadEach() throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, yaml("cam-1", "rtsp://10.0.0.1/live"));
        try (CameraListWatcher ignored = CameraListWatcher.start(file, reloads::add, POLL, DEBOUNCE)) {
            Path tmp = dir.resolve(".cameras.yaml.swp");
            Files.writeString(tmp, yaml("cam-1", "rtsp://10.0.0.1/live", "cam-2", "rtsp://10.0.0.2/live"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            CameraList list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-2");

            // Three quick writes (a half-written file among them) within one debounce: one reload, the last.
            String full = yaml("cam-1", "rtsp://10.0.0.1/live", "cam-3", "rtsp://10.0.0.3/live");
            Files.writeString(file, full.substring(0, full.length() / 2));
            Thread.sleep(40);
            Files.writeString(file, full.substring(0, full.length() - 10));
            Thread.sleep(40);
            Files.writeString(file, full);

            list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-3");
            assertThat(reloads.poll(QUIET_MS, TimeUnit.MILLISECONDS)).as("no second reload").isNull();

            // Same content written again (or only touched): nothing to apply.
            Files.writeString(file, full);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(reloads.poll(QUIET_MS, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void theVersionInForceReadAgainAfterABrokenOneIsNotAReload() throws Exception {
        // What a reader sees when it catches a truncate-then-write midway: broken bytes, then the same list.
        Path file = dir.resolve("cameras.yaml");
        String current = yaml("cam-1", "rtsp://10.0.0.1/live");
        Files.writeString(file, current);
        try (CameraListWatcher ignored = CameraListWatcher.start(file, reloads::add, POLL, DEBOUNCE)) {
            Files.writeString(file, "cameras:\n  - id: [cam-1\n");
            waitUntil(() -> logs.messages(Level.ERROR).size() == 1);
            Files.writeString(file, current);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(reloads.poll(QUIET_MS + POLL.toMillis(), TimeUnit.MILLISECONDS)).isNull();

            // A later real change still applies.
            Files.writeString(file, yaml("cam-1", "rtsp://10.0.0.1/live", "cam-2", "rtsp://10.0.0.2/live"));
            CameraList list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-2");
        }
    }

    @Test
    void anUnusableVersionKeepsTheCurrentListAndIsReportedOnce() throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, yaml("cam-1", "rtsp://admin:hunter2@10.0.0.1/live"));
        try (CameraListWatcher ignored = CameraListWatcher.start(file, reloads::add, POLL, DEBOUNCE)) {
            Files.writeString(file, "cameras:\n  - id: cam-1\n    url: [rtsp://admin:hunter2@10.0.0.1/live\n");
            waitUntil(() -> logs.messages(Level.ERROR).size() == 1);
            assertThat(logs.messages(Level.ERROR).get(0)).contains("not valid YAML").contains("keeping the current cameras");

            // Touched but unchanged: not reported again, still not applied.
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(reloads.poll(QUIET_MS, TimeUnit.MILLISECONDS)).isNull();
            assertThat(logs.messages(Level.ERROR)).hasSize(1);

            // Parseable, but not one valid camera in it (e.g. cut off after the first line of an entry).
            Files.writeString(file, "cameras:\n  - id: cam-1\n");
            waitUntil(() -> logs.messages(Level.ERROR).size() == 2);
            assertThat(logs.messages(Level.ERROR).get(1)).contains("no valid camera").contains("cam-1");

            Files.delete(file);
            waitUntil(() -> logs.messages(Level.ERROR).size() == 3);
            assertThat(logs.messages(Level.ERROR).get(2)).contains("cannot be read");
            assertThat(reloads).isEmpty();

            Files.writeString(file, yaml("cam-1", "rtsp://admin:hunter2@10.0.0.1/live", "cam-2", "asset:x.mp4"));
            CameraList list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-2");
        }
        assertThat(logs.all()).doesNotContain("hunter2");
    }

    @Test
    void badEntriesAreReportedOnceEachWhileTheGoodOnesApply() throws Exception {
        Path file = dir.resolve("cameras.csv");
        String header = "id,name,url,latitude,longitude\n";
        Files.writeString(file, header + "cam-1,One,rtsp://10.0.0.1/live,10.7,106.7\n"
                + "cam-bad,Bad,rtsp://u:pw-bad@10.0.0.9/live,95,106.7\n");
        try (CameraListWatcher ignored = CameraListWatcher.start(file, reloads::add, POLL, DEBOUNCE)) {
            Files.writeString(file, header + "cam-1,One,rtsp://10.0.0.1/live,10.7,106.7\n"
                    + "cam-bad,Bad,rtsp://u:pw-bad@10.0.0.9/live,95,106.7\n"
                    + "cam-2,Two,rtsp://10.0.0.2/live,10.8,106.8\n"
                    + "cam-worse,Worse,rtsp://10.0.0.3/live,abc,106.8\n");
            CameraList list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-2");
            assertThat(list.errors()).hasSize(2);
            // cam-bad was already in the list the caller read at start-up, and reported by it.
            assertThat(logs.messages(Level.WARN)).singleElement().asString()
                    .contains("line 5 (id cam-worse)").contains("latitude 'abc'");

            Files.writeString(file, header + "cam-1,One renamed,rtsp://10.0.0.1/live,10.7,106.7\n"
                    + "cam-bad,Bad,rtsp://u:pw-bad@10.0.0.9/live,95,106.7\n"
                    + "cam-2,Two,rtsp://10.0.0.2/live,10.8,106.8\n"
                    + "cam-worse,Worse,rtsp://10.0.0.3/live,abc,106.8\n");
            list = reloads.poll(5, TimeUnit.SECONDS);
            assertThat(list).isNotNull();
            assertThat(list.cameras().get(0).name()).isEqualTo("One renamed");
            assertThat(logs.messages(Level.WARN)).as("the same bad entries are not reported again").hasSize(1);
        }
        assertThat(logs.all()).doesNotContain("pw-bad");
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
