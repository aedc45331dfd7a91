package org.citywatch.bench.farm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.ingest.clip.AnnexB;
import org.citywatch.ingest.media.AnnexBDemuxer;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;

/**
 * The H.264 access units of an mp4, in decoding order, as NAL units: read by ingest's {@link AnnexBDemuxer}
 * (which puts SPS and PPS in front of every keyframe, as cameras send them), then split at the start codes.
 */
final class AnnexBReader {

    /** One coded picture: its NAL units without start codes. */
    record Unit(boolean keyframe, List<byte[]> nals) {
    }

    /** The clip: its pictures and its frame rate. */
    record Clip(List<Unit> units, double fps) {
    }

    private AnnexBReader() {
    }

    static Clip read(Path file) {
        try (AnnexBDemuxer demuxer = AnnexBDemuxer.open(file.toString())) {
            if (demuxer.codec() != VideoCodec.H264) {
                throw new IllegalStateException(file + " is not H.264");
            }
            List<Unit> units = new ArrayList<>();
            for (AccessUnit au; (au = demuxer.next()) != null; ) {
                units.add(new Unit(au.keyframe(), AnnexB.split(au.data())));
            }
            if (units.isEmpty() || !units.getFirst().keyframe()) {
                throw new IllegalStateException(file + " does not start with a keyframe");
            }
            double fps = 1e6 / demuxer.frameMicros();
            return new Clip(units, fps > 0 && fps < 200 ? fps : 10);
        }
    }
}
