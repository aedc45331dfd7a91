package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avutil;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged streams never throw: the damage is counted or the units skipped, and the pictures from the next
 * keyframe on are exactly right. Clip: one-by-one-person-detection.mp4, 10 fps, a keyframe every 10
 * access units (units 0, 10, 20, ...), each group of 10 units giving the 10 pictures of its second.
 */
class VideoDecoderResilienceTest {

    static Path clip;
    static List<AccessUnit> units;
    private static int logLevel;

    @BeforeAll
    static void readClip() {
        clip = Mp4AccessUnits.sample(VideoDecoderTest.ONE_BY_ONE);
        units = Mp4AccessUnits.read(clip).subList(0, 60);
        // FFmpeg reports every damaged slice on stderr; the counters are what is checked here.
        logLevel = avutil.av_log_get_level();
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    @AfterAll
    static void restoreLogLevel() {
        avutil.av_log_set_level(logLevel);
    }

    @Test
    void aPFrameFirstIsSkippedUntilTheFirstKeyframe() throws Exception {
        Outcome outcome = decode(units.subList(1, 60));
        assertThat(outcome.dropped).isEqualTo(9);
        assertThat(outcome.errors).isZero();
        assertThat(outcome.times).first().isEqualTo(1_000_000L);
        assertThat(outcome.identical).isEqualTo(50);
    }

    @Test
    void aTruncatedKeyframeIsCountedAndDecodingResumesAtTheNextKeyframe() throws Exception {
        List<AccessUnit> damaged = new ArrayList<>(units);
        AccessUnit key = units.get(20);
        damaged.set(20, with(key, Arrays.copyOf(key.data(), key.size() / 2), true));
        Outcome outcome = decode(damaged);
        assertThat(outcome.errors).isPositive();
        assertThat(outcome.times).doesNotContain(2_000_000L).contains(1_900_000L, 3_000_000L);
        assertThat(outcome.identical).as("no picture of the damaged second").isEqualTo(50);
    }

    @Test
    void aTruncatedPFrameIsConcealedByFfmpegAndHealsAtTheNextKeyframe() throws Exception {
        // Unit 25 is the P picture at 2.8 s (20: I 2.0 s, 21: P 2.4 s, 22-24: B 2.1-2.3 s, 26-28: B 2.5-2.7 s).
        // Cut in half, FFmpeg decodes what is there and conceals the rest without a word: this damage is
        // invisible to the counters, and the pictures from 2.5 s to 2.9 s come out slightly wrong.
        List<AccessUnit> damaged = new ArrayList<>(units);
        AccessUnit p = units.get(25);
        damaged.set(25, with(p, Arrays.copyOf(p.data(), p.size() / 2), false));
        Outcome outcome = decode(damaged);
        assertThat(outcome.times).hasSize(60);
        assertThat(outcome.compared - outcome.identical).isLessThanOrEqualTo(5);
        assertThat(outcome.identical).isGreaterThanOrEqualTo(55); // all of 0-2.4 s and 3.0-5.9 s
    }

    @Test
    void aLostUnitReportedAsADiscontinuityEmitsNothingDamaged() throws Exception {
        // The depacketizer saw a sequence gap where unit 25 was: the decoder hands out what it decoded
        // before (2.4 s was held back for reordering) and restarts at the keyframe of 3.0 s.
        List<Long> times = new ArrayList<>();
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All())) {
            for (int i = 0; i < units.size(); i++) {
                if (i == 25) {
                    decoder.discontinuity();
                    continue;
                }
                decoder.decode(units.get(i), f -> {
                    times.add(f.timestampMicros());
                    reference.compare(f);
                });
            }
            decoder.flush(reference::compare);
            assertThat(decoder.unitsDropped()).isEqualTo(4);
            assertThat(times).contains(2_400_000L).doesNotContain(2_500_000L, 2_900_000L).contains(3_000_000L);
            assertThat(reference.identical).isEqualTo(reference.compared).isEqualTo(55);
        }
    }

    @Test
    void randomBytesAreCountedWithOrWithoutAStartCode() throws Exception {
        Random random = new Random(7);
        for (boolean startCode : new boolean[] {false, true}) {
            byte[] garbage = new byte[5000];
            random.nextBytes(garbage);
            if (startCode) {
                System.arraycopy(new byte[] {0, 0, 0, 1}, 0, garbage, 0, 4);
            }
            List<AccessUnit> damaged = new ArrayList<>(units);
            damaged.add(13, with(units.get(13), garbage, false)); // inserted among the pictures of 1.x s
            Outcome outcome = decode(damaged);
            assertThat(outcome.errors).as("start code: %s", startCode).isPositive();
            assertThat(outcome.times).contains(900_000L, 2_000_000L);
            assertThat(outcome.compared).isEqualTo(outcome.identical).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void aKeyframeWithoutItsParameterSetsDecodesNothingUntilOneWithThem() throws Exception {
        assertThat(nalTypes(units.getFirst().data())).containsExactly(7, 8, 5); // SPS, PPS, IDR slice
        List<AccessUnit> damaged = new ArrayList<>(units);
        damaged.set(0, with(units.getFirst(), withoutParameterSets(units.getFirst().data()), true));
        assertThat(nalTypes(damaged.getFirst().data())).containsExactly(5);
        Outcome outcome = decode(damaged);
        assertThat(outcome.errors).isPositive();
        assertThat(outcome.times).first().isEqualTo(1_000_000L);
        assertThat(outcome.identical).isEqualTo(50);
    }

    @Test
    void aClosedDecoderRefusesWorkAndClosesAgainQuietly() {
        VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All());
        decoder.decode(units.getFirst(), f -> { });
        decoder.close();
        decoder.close();
        assertThatThrownBy(() -> decoder.decode(units.get(1), f -> { })).isInstanceOf(IllegalStateException.class);
        try (VideoDecoder h265 = new VideoDecoder(VideoCodec.H265, new DecodePolicy.All())) {
            assertThatThrownBy(() -> h265.decode(units.getFirst(), f -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    record Outcome(List<Long> times, long errors, long dropped, int compared, int identical) {
    }

    /** Decodes the units with policy All, comparing every picture emitted with the grabber's. */
    private static Outcome decode(List<AccessUnit> stream) throws Exception {
        List<Long> times = new ArrayList<>();
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All())) {
            for (AccessUnit au : stream) {
                decoder.decode(au, f -> {
                    times.add(f.timestampMicros());
                    reference.compare(f);
                });
            }
            decoder.flush(f -> {
                times.add(f.timestampMicros());
                reference.compare(f);
            });
            return new Outcome(times, decoder.decodeErrors(), decoder.unitsDropped(), reference.compared,
                    reference.identical);
        }
    }

    private static AccessUnit with(AccessUnit au, byte[] data, boolean keyframe) {
        return new AccessUnit(au.codec(), au.rtpTimestamp(), au.ptsMicros(), keyframe, data, au.receivedNanos());
    }

    /** Offsets of the NAL units' first bytes (after each 00 00 01 start code). */
    private static List<Integer> nalStarts(byte[] data) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < data.length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                starts.add(i + 3);
            }
        }
        return starts;
    }

    private static List<Integer> nalTypes(byte[] data) {
        return nalStarts(data).stream().map(s -> data[s] & 0x1F).toList();
    }

    private static byte[] withoutParameterSets(byte[] data) {
        List<Integer> starts = nalStarts(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i);
            int end = i + 1 < starts.size() ? starts.get(i + 1) - 3 : data.length;
            while (i + 1 < starts.size() && end > start && data[end - 1] == 0) {
                end--; // the leading zero of a 4-byte start code
            }
            int type = data[start] & 0x1F;
            if (type != 7 && type != 8) {
                out.writeBytes(new byte[] {0, 0, 0, 1});
                out.write(data, start, end - start);
            }
        }
        return out.toByteArray();
    }
}
