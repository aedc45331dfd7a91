package org.citywatch.analytics.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tamper checks on the real sample clips, looked at once a second: the clips as they are raise nothing; the same
 * clips made black, covered, blurred, frozen or turned raise the right condition after its time, and it ends once
 * the view is normal again for the hold time. Spoiled frames are made in the test (OpenCV), from the clips' own
 * frames.
 */
class TamperCheckTest {

    static final long SECOND = 1_000_000_000L;
    static List<Mat> pedestrians;
    static List<Mat> highway;
    static List<Mat> oneByOne;

    @BeforeAll
    static void decode() throws Exception {
        pedestrians = ViewFrames.perSecond("vtest_first20s_h264.mp4");
        highway = ViewFrames.perSecond("highway_video02_h264.mp4");
        oneByOne = ViewFrames.perSecond("one-by-one-person-detection.mp4");
    }

    @AfterAll
    static void free() {
        ViewFrames.close(pedestrians);
        ViewFrames.close(highway);
        ViewFrames.close(oneByOne);
    }

    /** What the check reported at each look. */
    private static List<Map<TamperKind, Long>> run(List<Mat> views) {
        List<Map<TamperKind, Long>> out = new ArrayList<>();
        try (TamperCheck check = new TamperCheck(TamperSettings.defaults())) {
            for (int i = 0; i < views.size(); i++) {
                out.add(check.look(views.get(i), (i + 1) * SECOND).holding());
            }
        }
        return out;
    }

    /** The clip looped to {@code seconds} looks, spoiled from look {@code from} to look {@code to} (exclusive). */
    private static List<Mat> spoil(List<Mat> clip, int seconds, int from, int to, UnaryOperator<Mat> how) {
        List<Mat> out = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            Mat frame = clip.get(i % clip.size());
            out.add(i >= from && i < to ? how.apply(frame) : frame);
        }
        return out;
    }

    private static int firstWith(List<Map<TamperKind, Long>> looks, TamperKind kind) {
        for (int i = 0; i < looks.size(); i++) {
            if (looks.get(i).containsKey(kind)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastWith(List<Map<TamperKind, Long>> looks, TamperKind kind) {
        int last = -1;
        for (int i = 0; i < looks.size(); i++) {
            if (looks.get(i).containsKey(kind)) {
                last = i;
            }
        }
        return last;
    }

    @Test
    void theRealClipsRaiseNothing() {
        for (List<Mat> clip : List.of(pedestrians, highway, oneByOne)) {
            List<Map<TamperKind, Long>> looks = run(clip);
            assertThat(looks).as("every look of a clip of %d s", clip.size()).allMatch(Map::isEmpty);
        }
        assertThat(oneByOne).hasSizeGreaterThan(100); // the longest clip: over two minutes of looks
    }

    @Test
    void blackIsReportedAfterTenSecondsAndEndsAfterTheHold() {
        List<Mat> views = spoil(pedestrians, 60, 10, 35, ViewFrames::black);
        List<Map<TamperKind, Long>> looks = run(views);
        assertThat(firstWith(looks, TamperKind.COVERED)).isBetween(20, 21); // black from look 10, 10 s later
        assertThat(looks.get(20).get(TamperKind.COVERED)).isEqualTo(11 * SECOND); // since the first black look
        assertThat(lastWith(looks, TamperKind.COVERED)).isBetween(43, 45); // normal from 35, held 10 s
        assertThat(looks).allMatch(l -> l.keySet().stream().allMatch(k -> k == TamperKind.COVERED));
    }

    @Test
    void aCoverIsReported() {
        List<Map<TamperKind, Long>> looks = run(spoil(highway, 40, 8, 40, ViewFrames::covered));
        assertThat(firstWith(looks, TamperKind.COVERED)).isBetween(18, 19);
        assertThat(lastWith(looks, TamperKind.COVERED)).isEqualTo(39);
    }

    @Test
    void aDefocusedViewIsReported() {
        List<Map<TamperKind, Long>> looks = run(spoil(pedestrians, 40, 8, 40, ViewFrames::blurred));
        assertThat(firstWith(looks, TamperKind.BLURRED)).isBetween(18, 19);
        assertThat(lastWith(looks, TamperKind.COVERED)).isEqualTo(-1);
    }

    @Test
    void aFrozenStreamIsReportedAfterThirtySeconds() {
        Mat still = oneByOne.get(20);
        List<Map<TamperKind, Long>> looks = run(spoil(oneByOne, 80, 20, 70, frame -> still));
        // The first repeat is at look 21 (look 20 is the frame itself), 30 s later it is reported.
        assertThat(firstWith(looks, TamperKind.FROZEN)).isBetween(50, 51);
        assertThat(lastWith(looks, TamperKind.FROZEN)).isBetween(78, 80);
        assertThat(firstWith(looks, TamperKind.COVERED)).isEqualTo(-1);
    }

    @Test
    void aTurnedCameraIsReported() {
        for (List<Mat> clip : List.of(pedestrians, oneByOne)) {
            List<Map<TamperKind, Long>> looks = run(spoil(clip, 40, 10, 40, f -> ViewFrames.shifted(f, 0.15)));
            assertThat(firstWith(looks, TamperKind.SHIFTED)).isBetween(20, 22);
            assertThat(looks.subList(0, 20)).allMatch(Map::isEmpty);
        }
    }

    @Test
    void aCameraMovedForGoodIsLearntAnewAndTheReportEnds() {
        TamperSettings quick = new TamperSettings(EnumSet.of(TamperKind.SHIFTED), 10 * SECOND, 30 * SECOND,
                5 * SECOND, 30 * SECOND);
        List<Mat> views = spoil(pedestrians, 90, 10, 90, f -> ViewFrames.shifted(f, 0.15));
        List<Map<TamperKind, Long>> looks = new ArrayList<>();
        try (TamperCheck check = new TamperCheck(quick)) {
            for (int i = 0; i < views.size(); i++) {
                looks.add(check.look(views.get(i), (i + 1) * SECOND).holding());
            }
        }
        int first = firstWith(looks, TamperKind.SHIFTED);
        int last = lastWith(looks, TamperKind.SHIFTED);
        assertThat(first).isBetween(20, 22);
        // Relearnt 30 s after the shift began (look 40), then the report holds 5 s more and ends for good.
        assertThat(last).isBetween(43, 45);
    }

    @Test
    void onlyTheConfiguredChecksRun() {
        TamperSettings noCover = new TamperSettings(EnumSet.of(TamperKind.FROZEN), 10 * SECOND, 30 * SECOND,
                10 * SECOND, 600 * SECOND);
        try (TamperCheck check = new TamperCheck(noCover)) {
            Mat black = ViewFrames.black(pedestrians.get(0));
            for (int i = 0; i < 40; i++) {
                assertThat(check.look(black, (i + 1) * SECOND).holding()).isEmpty();
            }
            black.close();
        }
    }

    /**
     * A camera that is not analysed is looked at once per 10-s thumbnail. Two single shifted looks 10 s apart (a
     * person right at the lens each time, the view fine in between) must not make a 10-s shift; three shifted looks
     * in a row (20 s) are a shift.
     */
    @Test
    void atThumbnailPaceTwoStrayLooksAreNotAShiftButThreeInARowAre() {
        UnaryOperator<Mat> turned = f -> ViewFrames.shifted(f, 0.15);
        List<Mat> stray = spoil(pedestrians, 12, 8, 9, turned);
        stray.set(9, turned.apply(pedestrians.get(9 % pedestrians.size())));
        List<Map<TamperKind, Long>> looks = runEvery(stray, 10 * SECOND);
        assertThat(looks).as("looks 8 and 9 shifted, 10 s apart, alone").allMatch(Map::isEmpty);

        List<Map<TamperKind, Long>> three = runEvery(spoil(pedestrians, 14, 8, 11, turned), 10 * SECOND);
        assertThat(firstWith(three, TamperKind.SHIFTED)).as("the third shifted look in a row").isEqualTo(10);
        assertThat(three.get(10).get(TamperKind.SHIFTED)).as("since the first of them").isEqualTo(9 * 10 * SECOND);
    }

    private static List<Map<TamperKind, Long>> runEvery(List<Mat> views, long every) {
        List<Map<TamperKind, Long>> out = new ArrayList<>();
        try (TamperCheck check = new TamperCheck(TamperSettings.defaults())) {
            for (int i = 0; i < views.size(); i++) {
                out.add(check.look(views.get(i), (i + 1) * every).holding());
            }
        }
        return out;
    }
}
