package org.citywatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.decode.Mp4AccessUnits;
import org.citywatch.ingest.media.AnnexBDemuxer;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.citywatch.ingest.testing.H265Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips of real streams, fed through a {@link MediaHub} as fast as the machine goes: the recorder runs on the
 * stream's clock, so 20 s of video take milliseconds. Each clip is checked two independent ways: its MP4 samples
 * must hold the input's NAL units, byte for byte (remuxed, not re-encoded), at the input's times, and
 * FFmpegFrameGrabber must decode every one of them, from a keyframe, in rising time order.
 */
class ClipRecorderTest {

    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(2);

    private static List<AccessUnit> vtest;
    private static List<AccessUnit> oneByOne;

    @TempDir
    Path dir;
    private final MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.None(), 1);
    private final ClipRecorder recorder = new ClipRecorder(hub, ClipSettings.defaults());
    private final Camera camera = camera("cam-1");

    @BeforeAll
    static void read() {
        vtest = Mp4AccessUnits.read(Mp4AccessUnits.sample("vtest_first20s_h264.mp4"));
        oneByOne = Mp4AccessUnits.read(Mp4AccessUnits.sample("one-by-one-person-detection.mp4"));
    }

    @AfterEach
    void close() {
        recorder.close();
        hub.close();
    }

    static Camera camera(String id) {
        return new Camera(id, id, "rtsp://127.0.0.1/" + id, CameraKind.TRAFFIC, "D1", 10.77, 106.70);
    }

    @Test
    void anH264ClipHoldsTheCamerasOwnPacketsFromAKeyframe() throws Exception {
        // vtest: 10 fps, 200 pictures, a single keyframe at 0 s. At 3 s, "3 s before" starts at that keyframe.
        clipOf(vtest, 31, 5.0);
    }

    @Test
    void aClipWithBFramesKeepsTheirOrderAndTimes() throws Exception {
        // one-by-one: 10 fps, a keyframe every second, B-frames (shown in another order than decoded). At 10.0 s,
        // "3 s before" is the keyframe at 7.0 s, and the clip runs to 12.0 s.
        assertThat(oneByOne.get(1).ptsMicros()).as("shown after the next one").isGreaterThan(oneByOne.get(2).ptsMicros());
        int n = 0;
        while (oneByOne.get(n).ptsMicros() <= 10_000_000) {
            n++;
        }
        clipOf(oneByOne, n, 5.0);
    }

    @Test
    void anH265Clip() throws Exception {
        Path mp4 = H265Sample.make(dir, 60).orElse(null);
        assumeThat(mp4).as("GStreamer with x265enc (python3-gi, gstreamer1.0-plugins-bad)").isNotNull();
        List<AccessUnit> units = AnnexBDemuxer.readAll(mp4);
        assertThat(units).hasSize(60).allMatch(au -> au.codec() == VideoCodec.H265);
        int n = 0;
        while (units.get(n).ptsMicros() <= 3_000_000) {
            n++;
        }
        clipOf(units, n, 5.0); // from the keyframe at 0 s (an IDR; the later ones may be open-GOP CRAs)
    }

    /**
     * Feeds {@code units[0..n)}, asks for a clip of 3 s before and 2 s after, feeds the rest, and checks the clip is
     * exactly the units from the latest keyframe 3 s back to 2 s ahead, about {@code seconds} long.
     */
    private void clipOf(List<AccessUnit> units, int n, double seconds) throws Exception {
        recorder.keep(camera.id(), true);
        units.subList(0, n).forEach(u -> hub.onAccessUnit(camera, u));
        Path file = dir.resolve("clip.mp4");
        CompletableFuture<Path> clip = recorder.record(camera.id(), BEFORE, AFTER, file);
        assertThat(clip).as("waits for the 2 s after").isNotDone();
        assertThat(recorder.recordings()).isOne();

        long t0 = System.nanoTime();
        units.subList(n, units.size()).forEach(u -> hub.onAccessUnit(camera, u));
        assertThat(clip.get(10, TimeUnit.SECONDS)).isEqualTo(file);
        System.out.printf("clip of %d units written in %.0f ms%n", units.size(), (System.nanoTime() - t0) / 1e6);

        List<AccessUnit> expected = expected(units, n);
        assertThat(expected.getFirst().keyframe()).isTrue();
        ClipFile written = ClipFile.read(file);
        assertThat(written.units()).hasSameSizeAs(expected);
        assertThat(written.samples()).hasSameSizeAs(expected);
        long inBase = expected.getFirst().ptsMicros();
        long outBase = written.units().getFirst().ptsMicros();
        for (int i = 0; i < expected.size(); i++) {
            AccessUnit in = expected.get(i);
            AccessUnit out = written.units().get(i);
            assertThat(written.samples().get(i)).as("packet %d: the same NAL units, byte for byte", i)
                    .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(AnnexB.split(in.data()));
            assertThat(out.keyframe()).as("packet %d keyframe flag", i).isEqualTo(in.keyframe());
            assertThat(out.ptsMicros() - outBase).as("packet %d time", i).isCloseTo(in.ptsMicros() - inBase,
                    org.assertj.core.api.Assertions.within(1L));
        }
        assertThat(written.pictures()).as("every packet decodes").isEqualTo(expected.size());
        assertThat(written.firstKeyFrame()).isTrue();
        assertThat(written.timestampsRise()).isTrue();
        assertThat(written.seconds()).isCloseTo(seconds, org.assertj.core.api.Assertions.within(0.15));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
        assertThat(recorder.recordings()).isZero();
    }

    /** The latest keyframe at or before now - 3 s, to the first unit at or past now + 2 s (decoding order). */
    static List<AccessUnit> expected(List<AccessUnit> units, int n) {
        long now = units.subList(0, n).stream().mapToLong(AccessUnit::ptsMicros).max().orElseThrow();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (units.get(i).keyframe() && units.get(i).ptsMicros() <= now - BEFORE.toNanos() / 1000) {
                start = i;
            }
        }
        int end = n;
        while (end < units.size() && units.get(end).ptsMicros() < now + AFTER.toNanos() / 1000) {
            end++;
        }
        return units.subList(start, end);
    }
}
