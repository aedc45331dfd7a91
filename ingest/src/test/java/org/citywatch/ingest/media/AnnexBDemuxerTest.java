package org.citywatch.ingest.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citywatch.ingest.decode.Mp4AccessUnits;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.Test;

/** The demuxer on real sample clips: Annex-B units, parameter sets before keyframes, a clock that loops on. */
class AnnexBDemuxerTest {

    private final Path vtest = Mp4AccessUnits.sample("vtest_first20s_h264.mp4");

    @Test
    void readsAnnexBUnitsWithTheirParameterSetsAndTimes() {
        List<AccessUnit> units = AnnexBDemuxer.readAll(vtest);
        assertThat(units).hasSize(200).allMatch(u -> u.codec() == VideoCodec.H264);
        AccessUnit first = units.getFirst();
        assertThat(first.keyframe()).isTrue();
        assertThat(first.ptsMicros()).isZero();
        assertThat(java.util.Arrays.copyOf(first.data(), 4)).containsExactly(0, 0, 0, 1);
        assertThat(units.get(10).ptsMicros()).isEqualTo(1_000_000);
        assertThat(units.get(10).rtpTimestamp() - first.rtpTimestamp()).isEqualTo(90_000);
    }

    @Test
    void aRewindStartsTheFileAgainWithTheClockRunning() {
        try (AnnexBDemuxer demuxer = AnnexBDemuxer.open(vtest.toString())) {
            assertThat(demuxer.frameMicros()).isEqualTo(100_000);
            AccessUnit last = null;
            for (AccessUnit u; (u = demuxer.next()) != null; ) {
                last = u;
            }
            assertThat(last.ptsMicros()).isEqualTo(19_900_000);
            demuxer.rewind();
            AccessUnit again = demuxer.next();
            assertThat(again.keyframe()).isTrue();
            assertThat(again.ptsMicros()).isEqualTo(20_000_000);
            assertThat(again.data()).isEqualTo(AnnexBDemuxer.readAll(vtest).getFirst().data());
        }
    }

    @Test
    void aFileThatCannotBeReadSaysWhich() {
        assertThatThrownBy(() -> AnnexBDemuxer.open("/nonexistent/clip.mp4"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/nonexistent/clip.mp4");
    }
}
