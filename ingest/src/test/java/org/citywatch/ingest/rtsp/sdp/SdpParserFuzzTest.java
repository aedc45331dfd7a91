package org.citywatch.ingest.rtsp.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real-looking SDPs: the parser may answer SdpException, nothing else, and every
 * helper on what it returns must work too.
 */
class SdpParserFuzzTest {

    private static final int ITERATIONS = 20_000;
    private static final String ALPHABET = "=:;,/ *\r\n\t\u0000aAmv0123456789-+%rtsp://H264H265trackID=sprop-";
    private static final List<URI> BASES = List.of(URI.create("rtsp://cam/live"), URI.create("rtsp://cam/live/"),
            URI.create("rtsp://[::1]:8554/a?b=c/"));

    @Test
    void mutatedSamplesNeverThrowAnythingButSdpException() {
        long seed = Long.getLong("citywatch.fuzz.seed", 20_261_122L); // fixed for CI; -D… explores
        Random random = new Random(seed);
        long start = System.nanoTime();
        for (int i = 0; i < ITERATIONS; i++) {
            String base = SdpSamples.ALL.get(random.nextInt(SdpSamples.ALL.size()));
            String input = mutate(base, random);
            exercise(input, BASES.get(random.nextInt(BASES.size())), seed, i);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for %d parses, seed %d", ITERATIONS, seed)
                .isLessThan(30_000);
    }

    @Test
    void randomTextNeverThrowsAnythingButSdpException() {
        long seed = Long.getLong("citywatch.fuzz.seed", 20_261_122L); // fixed for CI; -D… explores
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(400);
            for (int k = 0; k < n; k++) {
                s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000)
                        : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            exercise(random.nextBoolean() ? "m=video 0 RTP/AVP 96\n" + s : s.toString(), BASES.get(0), seed, i);
        }
    }

    private static void exercise(String input, URI base, long seed, int iteration) {
        try {
            SessionDescription sdp = SdpParser.parse(input, base);
            assertThat(sdp.media()).isNotEmpty().hasSizeLessThanOrEqualTo(SdpParser.MAX_MEDIA);
            assertThat(sdp.warnings()).hasSizeLessThanOrEqualTo(SdpParser.MAX_WARNINGS + 1);
            sdp.firstVideo(Set.of("H264", "H265"));
            for (MediaDescription m : sdp.media()) {
                assertThat(m.controlUri()).isNotNull();
                m.spropParameterSets();
                m.spropVpsSpsPps();
                m.packetizationMode();
                for (int pt : m.payloadTypes()) {
                    assertThat(pt).isBetween(0, 127);
                    m.spropParameterSets(pt);
                    m.spropVpsSpsPps(pt);
                    m.packetizationMode(pt);
                    m.rtpmap(pt).ifPresent(r -> assertThat(r.clockRate()).isPositive());
                }
            }
        } catch (SdpException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException | AssertionError e) {
            fail("seed " + seed + " iteration " + iteration + " input <" + input + ">: " + e, e);
        }
    }

    /** A few edits: delete, duplicate, insert random characters, swap lines, truncate. */
    static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(60))));
                case 3 -> s.setCharAt(at, (char) random.nextInt(0x100));
                case 4 -> s.setLength(at);
                default -> {
                    String[] lines = s.toString().split("\n", -1);
                    int a = random.nextInt(lines.length);
                    int b = random.nextInt(lines.length);
                    String t = lines[a];
                    lines[a] = lines[b];
                    lines[b] = t;
                    s.setLength(0);
                    s.append(String.join("\n", lines));
                }
            }
        }
        return s.toString();
    }
}
