package org.citywatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.clip.ClipException.Reason;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.decode.Mp4AccessUnits;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.rtp.AccessUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's bounds and failures, with real access units fed faster than real time. */
class ClipBoundsTest {

    private static List<AccessUnit> vtest;    // a single keyframe, at 0 s; 10 fps
    private static List<AccessUnit> oneByOne; // a keyframe every second; 10 fps

    @TempDir
    Path dir;
    private final MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.None(), 1);
    private ClipRecorder recorder;
    private final Camera camera = ClipRecorderTest.camera("cam-1");

    @BeforeAll
    static void read() {
        vtest = Mp4AccessUnits.read(Mp4AccessUnits.sample("vtest_first20s_h264.mp4"));
        oneByOne = Mp4AccessUnits.read(Mp4AccessUnits.sample("one-by-one-person-detection.mp4"));
    }

    @AfterEach
    void close() {
        if (recorder != null) {
            recorder.close();
        }
        hub.close();
    }

    private ClipRecorder recorder(ClipSettings settings) {
        recorder = new ClipRecorder(hub, settings);
        return recorder;
    }

    /** Feeds units until the first whose presentation time is past {@code micros}; returns its index. */
    private int feed(List<AccessUnit> units, int from, long micros) {
        int i = from;
        while (i < units.size() && units.get(i).ptsMicros() <= micros) {
            hub.onAccessUnit(camera, units.get(i++));
        }
        return i;
    }

    @Test
    void theBufferHoldsItsSecondsFromAKeyframeAndNoMore() {
        recorder(ClipSettings.defaults()).keep(camera.id(), true);
        long maxBytes = 0;
        for (AccessUnit u : oneByOne.subList(0, 300)) { // 30 s
            hub.onAccessUnit(camera, u);
            assertThat(recorder.buffered(camera.id())).isLessThan(Duration.ofMillis(6_100));
            maxBytes = Math.max(maxBytes, recorder.bufferedBytes(camera.id()));
        }
        // At least the 5 s asked for, from a keyframe: at most one GOP (1 s) more.
        assertThat(recorder.buffered(camera.id())).isBetween(Duration.ofSeconds(5), Duration.ofMillis(6_100));
        assertThat(maxBytes).isLessThan(ClipSettings.defaults().bufferBytes());
        assertThat(recorder.bufferOverflows(camera.id())).isZero();

        recorder.keep(camera.id(), false);
        assertThat(recorder.bufferedBytes(camera.id())).as("off frees it").isZero();
        assertThat(recorder.keeps(camera.id())).isFalse();
    }

    @Test
    void aHighBitrateFeedStaysUnderTheByteCapAndStillGivesADecodableClip() throws Exception {
        long cap = 1L << 20;
        recorder(ClipSettings.defaults().withPreEvent(Duration.ofSeconds(5), cap)).keep(camera.id(), true);
        // Every picture padded with 60 KB of H.264 filler data (NAL type 12, which decoders skip): ~4.8 Mbit/s.
        List<AccessUnit> heavy = oneByOne.subList(0, 200).stream().map(ClipBoundsTest::padded).toList();
        for (AccessUnit u : heavy.subList(0, 100)) {
            hub.onAccessUnit(camera, u);
            assertThat(recorder.bufferedBytes(camera.id())).isLessThanOrEqualTo(cap);
        }
        assertThat(recorder.bufferOverflows(camera.id())).isPositive();
        assertThat(recorder.buffered(camera.id())).as("the cap binds before the 5 s").isLessThan(Duration.ofSeconds(3));

        Path file = dir.resolve("heavy.mp4");
        CompletableFuture<Path> clip = recorder.record(camera.id(), Duration.ofSeconds(3), Duration.ofSeconds(1), file);
        for (AccessUnit u : heavy.subList(100, 200)) {
            hub.onAccessUnit(camera, u);
        }
        clip.get(10, TimeUnit.SECONDS);
        ClipFile written = ClipFile.read(file);
        assertThat(written.firstKeyFrame()).isTrue();
        assertThat(written.pictures()).isEqualTo(written.samples().size());
        assertThat(written.seconds()).as("from the oldest keyframe kept, not 3 s back").isLessThan(3.5);
    }

    /** The unit with a filler data NAL unit (H.264 7.3.2.7: 0xFF bytes, then the stop bit) of 60 KB after it. */
    private static AccessUnit padded(AccessUnit u) {
        byte[] filler = new byte[60_000];
        Arrays.fill(filler, (byte) 0xFF);
        filler[0] = 0;
        filler[1] = 0;
        filler[2] = 0;
        filler[3] = 1;
        filler[4] = 12;
        filler[filler.length - 1] = (byte) 0x80;
        byte[] data = Arrays.copyOf(u.data(), u.size() + filler.length);
        System.arraycopy(filler, 0, data, u.size(), filler.length);
        return new AccessUnit(u.codec(), u.rtpTimestamp(), u.ptsMicros(), u.keyframe(), data, u.receivedNanos());
    }

    @Test
    void tooManyRecordingsAtOnceFailWithTheReasonAndFreeSlotsAreReused() throws Exception {
        recorder(ClipSettings.defaults().withMaxRecordings(2)).keep(camera.id(), true);
        int next = feed(oneByOne, 0, 5_000_000);
        List<CompletableFuture<Path>> clips = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clips.add(recorder.record(camera.id(), Duration.ofSeconds(2), Duration.ofSeconds(2), dir.resolve(i + ".mp4")));
        }
        CompletableFuture<Path> third = recorder.record(camera.id(), dir.resolve("3.mp4"));
        assertFailure(third, Reason.TOO_MANY, "already 2 clip recordings at once");
        assertThat(recorder.recordings()).isEqualTo(2);

        next = feed(oneByOne, next, 8_000_000);
        for (CompletableFuture<Path> c : clips) {
            assertThat(c.get(10, TimeUnit.SECONDS)).exists();
        }
        waitFor(() -> recorder.recordings() == 0);
        CompletableFuture<Path> again = recorder.record(camera.id(), Duration.ofSeconds(2), Duration.ofSeconds(1),
                dir.resolve("again.mp4"));
        feed(oneByOne, next, 10_000_000);
        assertThat(again.get(10, TimeUnit.SECONDS)).exists();
    }

    /**
     * Analysis (and so the buffer) started after the camera's last keyframe: the clip cannot begin before the alert,
     * so it begins at the next keyframe and is as long as asked for in all, instead of failing.
     */
    @Test
    void withNoKeyframeBufferedTheClipStartsAtTheNextOne() throws Exception {
        recorder(ClipSettings.defaults()).keep(camera.id(), true);
        int second = 1;
        while (!oneByOne.get(second).keyframe()) {
            second++;
        }
        for (AccessUnit u : oneByOne.subList(1, second)) { // the keyframe went by before the buffer was on
            hub.onAccessUnit(camera, u);
        }
        CompletableFuture<Path> clip = recorder.record(camera.id(), Duration.ofSeconds(2), Duration.ofSeconds(1),
                dir.resolve("late.mp4"));
        assertThat(clip).isNotDone();
        long keyPts = oneByOne.get(second).ptsMicros();
        feed(oneByOne, second, keyPts + 5_000_000);
        ClipFile file = ClipFile.read(clip.get(10, TimeUnit.SECONDS));
        assertThat(file.firstKeyFrame()).isTrue();
        long expected = oneByOne.stream().filter(u -> u.ptsMicros() >= keyPts && u.ptsMicros() < keyPts + 3_000_000)
                .count();
        assertThat(file.units()).as("from the next keyframe, 3 s in all").hasSize((int) expected);
        assertThat(file.lengthMicros()).isBetween(2_800_000L, 3_200_000L);
        assertThat(recorder.recordings()).isZero();
    }

    @Test
    void eachFailureSaysWhy() throws Exception {
        recorder(ClipSettings.defaults().withNoMediaTimeout(Duration.ofMillis(300)));
        assertFailure(recorder.record("nobody", dir.resolve("a.mp4")), Reason.UNKNOWN_CAMERA,
                "camera nobody is unknown here");

        feed(vtest, 0, 1_000_000);
        assertFailure(recorder.record(camera.id(), dir.resolve("b.mp4")), Reason.BUFFER_OFF,
                "camera cam-1: its pre-event buffer is off");

        recorder.keep(camera.id(), true);
        assertFailure(recorder.record(camera.id(), dir.resolve("c.mp4")), Reason.NO_MEDIA,
                "no video received since its pre-event buffer was switched on");

        for (AccessUnit u : vtest.subList(11, 20)) { // some video, then the camera falls silent
            hub.onAccessUnit(camera, u);
        }
        Thread.sleep(400);
        assertFailure(recorder.record(camera.id(), dir.resolve("e.mp4")), Reason.NO_MEDIA, "camera cam-1: no video for");

        assertFailure(recorder.record(camera.id(), Duration.ofSeconds(-1), Duration.ZERO, dir.resolve("f.mp4")),
                Reason.INVALID_REQUEST, "not allowed");
        assertFailure(recorder.record(camera.id(), Duration.ofSeconds(50), Duration.ofSeconds(20), dir.resolve("g.mp4")),
                Reason.INVALID_REQUEST, "at most 60 s");

        Camera mpeg4 = ClipRecorderTest.camera("old-file");
        hub.noAccessUnits(mpeg4, "video is mpeg4, only H.264 and H.265 are read as access units");
        recorder.keep(mpeg4.id(), true);
        assertFailure(recorder.record(mpeg4.id(), dir.resolve("h.mp4")), Reason.UNSUPPORTED_CODEC,
                "camera old-file gives no clips: video is mpeg4");

        assertThat(recorder.recordings()).as("every failure gave its slot back").isZero();
        recorder.close();
        assertFailure(recorder.record(camera.id(), dir.resolve("i.mp4")), Reason.CLOSED, "closed");
    }

    @Test
    void aCameraRemovedMidRecordingGivesTheClipItHas() throws Exception {
        recorder(ClipSettings.defaults()).keep(camera.id(), true);
        int next = feed(vtest, 0, 3_000_000);
        Path file = dir.resolve("removed.mp4");
        CompletableFuture<Path> clip = recorder.record(camera.id(), Duration.ofSeconds(3), Duration.ofSeconds(2), file);
        feed(vtest, next, 4_000_000);
        hub.remove(camera.id());
        assertThat(clip.get(10, TimeUnit.SECONDS)).isEqualTo(file);
        ClipFile written = ClipFile.read(file);
        assertThat(written.samples()).hasSize(41); // 0.0 s to 4.0 s
        assertThat(written.pictures()).isEqualTo(41);
        assertThat(written.firstKeyFrame()).isTrue();
        assertThat(recorder.keeps(camera.id())).as("forgotten with the camera").isFalse();
        assertFailure(recorder.record(camera.id(), dir.resolve("x.mp4")), Reason.UNKNOWN_CAMERA, "unknown");
    }

    @Test
    void aStreamThatStartsAgainEndsTheRecordingWithWhatItHas() throws Exception {
        recorder(ClipSettings.defaults()).keep(camera.id(), true);
        feed(vtest, 0, 3_000_000);
        Path file = dir.resolve("restarted.mp4");
        CompletableFuture<Path> clip = recorder.record(camera.id(), Duration.ofSeconds(3), Duration.ofSeconds(2), file);
        feed(vtest, 0, 1_000_000); // a reconnect: the new session's clock starts at 0 again
        assertThat(clip.get(10, TimeUnit.SECONDS)).isEqualTo(file);
        assertThat(ClipFile.read(file).pictures()).isEqualTo(31); // 0.0 s to 3.0 s of the first session
        assertThat(recorder.buffered(camera.id())).as("the buffer holds the new session only")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSilentCameraEndsTheRecordingAfterTheTimeout() throws Exception {
        recorder(ClipSettings.defaults().withNoMediaTimeout(Duration.ofMillis(300))).keep(camera.id(), true);
        feed(oneByOne, 0, 3_000_000);
        long start = System.nanoTime();
        CompletableFuture<Path> clip = recorder.record(camera.id(), Duration.ofSeconds(1), Duration.ofMillis(500),
                dir.resolve("silent.mp4"));
        Path file = clip.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
        ClipFile written = ClipFile.read(file);
        assertThat(written.firstKeyFrame()).isTrue();
        assertThat(written.pictures()).isEqualTo(written.samples().size()).isBetween(11, 21);
    }

    @Test
    void closingEndsRecordingsWithWhatTheyHave() throws Exception {
        recorder(ClipSettings.defaults()).keep(camera.id(), true);
        feed(oneByOne, 0, 4_000_000);
        CompletableFuture<Path> clip = recorder.record(camera.id(), dir.resolve("closing.mp4"));
        recorder.close();
        assertThat(clip).isCompleted();
        assertThat(ClipFile.read(clip.get()).firstKeyFrame()).isTrue();
    }

    private static void assertFailure(CompletableFuture<Path> f, Reason reason, String message) {
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ClipException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
