package org.citywatch.ingest.decode;

import java.nio.file.Path;
import java.util.List;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.media.AnnexBDemuxer;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * Real access units for the tests: a sample clip's video read by ingest's {@link AnnexBDemuxer} (Annex-B, the
 * parameter sets in front of every keyframe, as the RTP depacketizer hands them to the decoder).
 */
public final class Mp4AccessUnits {

    private Mp4AccessUnits() {
    }

    public static Path sample(String file) {
        return AssetResolver.fromEnvironment().resolve(SampleMedia.get(file));
    }

    /** Every video access unit of the file, in decoding order. */
    public static List<AccessUnit> read(Path file) {
        return AnnexBDemuxer.readAll(file);
    }
}
