package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.Test;

/** Decoders come and go with cameras: each must give back all its native memory when closed. */
class VideoDecoderMemoryTest {

    @Test
    void decodingAClipTwentyTimesWithNewDecodersLeaksNoNativeMemory() throws Exception {
        List<AccessUnit> vtest = Mp4AccessUnits.read(Mp4AccessUnits.sample(VideoDecoderTest.VTEST));
        decodeAll(vtest, 0); // warm-up: libraries loaded, allocator pools filled
        long before = rssKb();
        for (int i = 0; i < 20; i++) {
            // Every other decoder scales down too, so that both converter paths are exercised.
            assertThat(decodeAll(vtest, i % 2 == 0 ? 0 : 640)).isEqualTo(200);
        }
        System.gc();
        long growthMb = (rssKb() - before) / 1024;
        // A decoder holds about 768 x 576 x 1.5 bytes x (references + 1) plus one BGR buffer: ~10 MB. Twenty
        // leaked decoders would be ~200 MB.
        System.out.println("VmRSS growth after 20 decoders x 200 pictures: " + growthMb + " MB");
        assertThat(growthMb).isLessThan(100);
    }

    private static long decodeAll(List<AccessUnit> units, int outputWidth) {
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All(), outputWidth)) {
            units.forEach(au -> decoder.decode(au, f -> { }));
            decoder.flush(f -> { });
            return decoder.framesEmitted();
        }
    }

    private static long rssKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
