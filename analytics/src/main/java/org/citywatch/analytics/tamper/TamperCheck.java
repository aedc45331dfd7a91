package org.citywatch.analytics.tamper;

import java.util.EnumMap;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.rules.Episode;

/**
 * One camera's tamper checks: looks at its view now and then (every analysed frame it is given, or ingest's
 * thumbnail for a camera that is not analysed) and tells which ways the view is spoiled, each for long enough.
 * No detector needed. What is "usual" for the camera (its sharpness, a coarse picture of its scene) is learnt
 * from the looks that seem normal, slowly, so that a passing bus or the evening light do not count.
 * Not thread-safe: its owner serialises the looks.
 */
public final class TamperCheck implements AutoCloseable {

    /** Longer than this between two looks, and the conditions start afresh (nobody looked in between). */
    static final long MAX_GAP_NANOS = 60_000_000_000L;
    /**
     * Looks in a row a condition needs before it is reported, whatever the time they span. A camera that is not
     * analysed is looked at once per thumbnail (10 s): two looks 10 s apart that each caught a person passing the
     * lens would otherwise make a 10-s "shift" of a view that was fine in between (seen in the demo). At one look a
     * second the time alone decides, as before.
     */
    static final int MIN_LOOKS = 3;

    /** The outcome of one look: the conditions reported now (empty when the view is fine) and what was measured. */
    public record Look(Map<TamperKind, Long> holding, ViewStats stats) {
        public boolean tampered() {
            return !holding.isEmpty();
        }
    }

    private final TamperSettings settings;
    private ViewMeasure measure; // made on the first look: rules made only to be checked hold no buffers
    private final Map<TamperKind, Episode> episodes = new EnumMap<>(TamperKind.class);
    /** Per condition: looks in a row that saw it, and whether its episode is being reported. */
    private final Map<TamperKind, int[]> inARow = new EnumMap<>(TamperKind.class);
    private final Map<TamperKind, Boolean> reporting = new EnumMap<>(TamperKind.class);
    private double usualSharpness = Double.NaN;
    private int normalLooks;
    private long shiftedSince = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    public TamperCheck(TamperSettings settings) {
        this.settings = settings;
        for (TamperKind k : settings.checks()) {
            long min = k == TamperKind.FROZEN ? settings.frozenNanos() : settings.minNanos();
            episodes.put(k, new Episode(min, settings.holdNanos(), MAX_GAP_NANOS));
        }
    }

    /**
     * Looks at one frame (BGR, any size) taken at {@code nanos} (monotonic clock).
     *
     * @return the conditions that hold now, each with the time it began
     */
    public Look look(Mat bgr, long nanos) {
        if (lastNanos != Long.MIN_VALUE && nanos - lastNanos > MAX_GAP_NANOS) {
            shiftedSince = Long.MIN_VALUE; // nobody looked in between: a shift starts counting afresh
        }
        lastNanos = nanos;
        if (measure == null) {
            measure = new ViewMeasure();
        }
        ViewStats s = measure.measure(bgr);
        boolean warm = normalLooks >= TamperSettings.WARMUP_LOOKS;
        boolean covered = s.contrast() < TamperSettings.MIN_CONTRAST;
        boolean blurred = !covered && warm && s.sharpness() < TamperSettings.BLUR_RATIO * usualSharpness;
        boolean frozen = !covered && s.change() < TamperSettings.FROZEN_CHANGE; // NaN (first look) is false
        boolean shifted = !covered && warm
                && (s.match() < TamperSettings.MIN_MATCH || s.offset() >= TamperSettings.MAX_OFFSET);

        if (shifted) {
            if (shiftedSince == Long.MIN_VALUE) {
                shiftedSince = nanos;
            } else if (nanos - shiftedSince >= settings.relearnNanos()) {
                // Moved for good: what it shows now is its scene from here on.
                measure.learn(1);
                shiftedSince = Long.MIN_VALUE;
                shifted = false;
            }
        } else {
            shiftedSince = Long.MIN_VALUE;
        }
        if (!covered && !blurred && !frozen && !shifted) {
            learn(s);
        }

        Map<TamperKind, Long> holding = new EnumMap<>(TamperKind.class);
        update(TamperKind.COVERED, covered, nanos, holding);
        update(TamperKind.BLURRED, blurred, nanos, holding);
        update(TamperKind.FROZEN, frozen, nanos, holding);
        update(TamperKind.SHIFTED, shifted, nanos, holding);
        return new Look(holding, s);
    }

    private void learn(ViewStats s) {
        double w = normalLooks < TamperSettings.WARMUP_LOOKS ? 1.0 / (normalLooks + 1) : TamperSettings.LEARN_WEIGHT;
        usualSharpness = Double.isNaN(usualSharpness) ? s.sharpness() : usualSharpness + w * (s.sharpness()
                - usualSharpness);
        measure.learn(normalLooks == 0 ? 1 : w);
        normalLooks++;
    }

    private void update(TamperKind kind, boolean holds, long nanos, Map<TamperKind, Long> out) {
        Episode e = episodes.get(kind);
        if (e == null) {
            return;
        }
        int[] run = inARow.computeIfAbsent(kind, k -> new int[1]);
        run[0] = holds ? run[0] + 1 : 0;
        boolean on = e.update(holds, nanos);
        // Once reported, an episode is reported until it ends (through its hold time); it starts only with enough
        // looks in a row behind it.
        boolean report = on && (reporting.getOrDefault(kind, false) || run[0] >= MIN_LOOKS);
        reporting.put(kind, report);
        if (report) {
            out.put(kind, e.sinceNanos());
        }
    }

    /** The sharpness the camera usually shows (NaN before its first normal look). */
    public double usualSharpness() {
        return usualSharpness;
    }

    @Override
    public void close() {
        if (measure != null) {
            measure.close();
            measure = null;
        }
    }
}
