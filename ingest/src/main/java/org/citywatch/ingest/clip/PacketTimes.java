package org.citywatch.ingest.clip;

import java.util.Arrays;
import java.util.List;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * Presentation and decoding times of a clip's units on the 90 kHz RTP clock, the first decoding time 0.
 *
 * <p>Cameras send presentation times only (RTP timestamps). Without B-frames they rise in decoding order and the
 * decoding time is the presentation time. With B-frames a unit may be shown before one decoded earlier; MP4 still
 * needs rising decoding times no later than each presentation time: the i-th smallest presentation time, moved back
 * by the largest reordering delay, is both (the way muxers such as FFmpeg's derive them).
 *
 * @param pts       presentation times, in decoding order
 * @param dts       decoding times, strictly rising, each at or before its presentation time
 * @param durations until the next decoding time; the last repeats the one before
 */
record PacketTimes(long[] pts, long[] dts, long[] durations) {

    /** 25 fps, for a clip of a single picture. */
    private static final long DEFAULT_DURATION = 3600;

    static PacketTimes of(List<AccessUnit> units) {
        int n = units.size();
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            // ptsMicros came from 90 kHz ticks rounded down: rounding to ticks gives the ticks back exactly.
            pts[i] = Math.round(units.get(i).ptsMicros() * 9 / 100.0);
        }
        long[] sorted = pts.clone();
        Arrays.sort(sorted);
        long delay = 0;
        for (int i = 0; i < n; i++) {
            delay = Math.max(delay, sorted[i] - pts[i]);
        }
        long[] dts = new long[n];
        for (int i = 0; i < n; i++) {
            dts[i] = sorted[i] - delay;
            if (i > 0 && dts[i] <= dts[i - 1]) {
                dts[i] = dts[i - 1] + 1; // two units of the same time (a broken camera): keep the order valid
            }
            pts[i] = Math.max(pts[i], dts[i]);
        }
        long base = n == 0 ? 0 : dts[0];
        for (int i = 0; i < n; i++) {
            dts[i] -= base;
            pts[i] -= base;
        }
        long[] durations = new long[n];
        for (int i = 0; i < n; i++) {
            durations[i] = i + 1 < n ? dts[i + 1] - dts[i] : i > 0 ? durations[i - 1] : DEFAULT_DURATION;
        }
        return new PacketTimes(pts, dts, durations);
    }
}
