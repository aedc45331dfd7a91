package org.citywatch.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random streams (the seed is in every failure message): valid streams in random chunks come out
 * exactly; garbage is skipped; random bytes never raise anything but RtspProtocolException and never make
 * the splitter hold more than its caps.
 */
class RtspInterleavedSplitterFuzzTest {

    /** One unit pending at most: a whole message at the caps (a frame, 65539 bytes, is less). */
    private static final int MAX_BUFFERED =
            RtspInterleavedSplitter.MAX_HEADER_BYTES + RtspInterleavedSplitter.MAX_CONTENT_LENGTH;

    /** Fixed, so that CI is repeatable; another with -Dcitywatch.fuzz.seed=N explores further. */
    private static final long SEED = Long.getLong("citywatch.fuzz.seed", 20_261_122L);

    @Test
    void validStreamsInRandomChunksComeOutExactly() {
        long seed = SEED;
        Random r = new Random(seed);
        long start = System.nanoTime();
        for (int iteration = 0; iteration < 2_000; iteration++) {
            List<byte[]> units = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            byte[] garbage = garbage(r, r.nextInt(4) == 0 ? r.nextInt(300) : 0);
            List<byte[]> parts = new ArrayList<>(List.of(garbage));
            for (int u = 0, n = 1 + r.nextInt(8); u < n; u++) {
                byte[] unit = RtspStreams.randomUnit(r, u);
                units.add(unit);
                expected.add(RtspStreams.describe(unit));
                parts.add(unit);
            }
            EmbeddedChannel ch = new EmbeddedChannel(new RtspInterleavedSplitter());
            RtspInterleavedSplitter splitter = ch.pipeline().get(RtspInterleavedSplitter.class);
            String context = "seed " + seed + " iteration " + iteration;
            try {
                RtspStreams.writeInChunks(ch, RtspStreams.concat(parts.toArray(byte[][]::new)), r,
                        r.nextBoolean() ? 7 : 3000);
            } catch (RuntimeException e) {
                fail(context + ": " + e, e);
            }
            assertThat(RtspStreams.drain(ch)).as(context).containsExactlyElementsOf(expected);
            assertThat(splitter.skippedBytes()).as(context).isEqualTo(garbage.length);
            assertThat(splitter.bufferedBytes()).as(context).isZero();
            ch.finishAndReleaseAll();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms, seed %d", seed).isLessThan(30_000);
    }

    @Test
    void randomBytesOnlyEverRaiseRtspProtocolExceptionAndStayUnderTheCaps() {
        long seed = SEED;
        Random r = new Random(seed);
        long start = System.nanoTime();
        int failures = 0;
        for (int iteration = 0; iteration < 3_000; iteration++) {
            byte[] data = iteration % 2 == 0 ? RtspStreams.randomBytes(r, r.nextInt(20_000)) : mutatedStream(r);
            EmbeddedChannel ch = iteration % 3 == 0 ? fullPipeline() : new EmbeddedChannel(new RtspInterleavedSplitter());
            RtspInterleavedSplitter splitter = ch.pipeline().get(RtspInterleavedSplitter.class);
            int at = 0;
            try {
                while (at < data.length) {
                    int n = Math.min(data.length - at, 1 + r.nextInt(2000));
                    ch.writeInbound(Unpooled.wrappedBuffer(data, at, n));
                    at += n;
                    assertThat(splitter.bufferedBytes()).isLessThanOrEqualTo(MAX_BUFFERED);
                    drainAndRelease(ch);
                }
                ch.finish();
            } catch (RtspProtocolException expected) {
                failures++;
                assertThat(ch.isOpen()).isFalse();
            } catch (RuntimeException | AssertionError e) {
                fail("seed " + seed + " iteration " + iteration + " at byte " + at + ": " + e, e);
            } finally {
                ch.finishAndReleaseAll();
            }
        }
        assertThat(failures).as("some inputs must hit the caps, seed %d", seed).isPositive();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms, seed %d", seed).isLessThan(30_000);
    }

    @Test
    void hugeLengthsAndTruncatedFramesNeverThrowAndNeverOverBuffer() {
        long seed = SEED;
        Random r = new Random(seed);
        for (int iteration = 0; iteration < 2_000; iteration++) {
            byte[] unit = RtspStreams.randomUnit(r, iteration);
            byte[] head = RtspStreams.frame(r.nextInt(256), new byte[0]);
            head[2] = (byte) 0xff; // announces up to 65535 bytes that never all come
            head[3] = (byte) r.nextInt(256);
            byte[] data = RtspStreams.concat(unit, head, RtspStreams.randomBytes(r, r.nextInt(65_000)));
            EmbeddedChannel ch = new EmbeddedChannel(new RtspInterleavedSplitter());
            try {
                RtspStreams.writeInChunks(ch, data, r, 5000);
                assertThat(RtspStreams.drain(ch)).containsExactly(RtspStreams.describe(unit));
                assertThat(ch.pipeline().get(RtspInterleavedSplitter.class).bufferedBytes())
                        .isEqualTo(data.length - unit.length);
                assertThat(ch.finish()).isFalse();
            } catch (RuntimeException | AssertionError e) {
                fail("seed " + seed + " iteration " + iteration + ": " + e, e);
            }
        }
    }

    private static EmbeddedChannel fullPipeline() {
        return new EmbeddedChannel(new RtspInterleavedSplitter(), RtspInterleavedSplitter.newRtspDecoder(),
                new HttpObjectAggregator(RtspInterleavedSplitter.MAX_CONTENT_LENGTH));
    }

    private static void drainAndRelease(EmbeddedChannel ch) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }

    /** A valid stream with a few bytes overwritten, cut or inserted: lengths and header ends go wrong. */
    private static byte[] mutatedStream(Random r) {
        List<byte[]> parts = new ArrayList<>();
        for (int u = 0, n = 1 + r.nextInt(6); u < n; u++) {
            parts.add(RtspStreams.randomUnit(r, u));
            if (r.nextInt(4) == 0) {
                parts.add(RtspStreams.ascii("RTSP/1.0 200 OK\r\nContent-Length: " + (r.nextInt(3) == 0
                        ? String.valueOf(r.nextLong()) : String.valueOf(r.nextInt(2_000_000))) + "\r\n\r\n"));
            }
        }
        byte[] s = RtspStreams.concat(parts.toArray(byte[][]::new));
        for (int k = 0, edits = 1 + r.nextInt(5); k < edits && s.length > 0; k++) {
            s[r.nextInt(s.length)] = (byte) r.nextInt(256);
        }
        return s;
    }

    /**
     * Bytes that start neither a frame nor a message: no '$', no upper-case letters; and a line end last,
     * since garbage glued to a request line ("_OPTIONS * RTSP/1.0") cannot be told from a method name.
     */
    private static byte[] garbage(Random r, int n) {
        byte[] b = new byte[n];
        if (n > 0) {
            b[n - 1] = '\n';
        }
        for (int i = 0; i < n - 1; i++) {
            byte x;
            do {
                x = (byte) r.nextInt(256);
            } while (x == '$' || (x >= 'A' && x <= 'Z'));
            b[i] = x;
        }
        return b;
    }
}
