package org.citywatch.analytics.motion;

/**
 * How {@link MotionGate} measures motion.
 *
 * @param width              width in pixels of the small grey copy the measure works on (the height keeps the
 *                           frame's aspect); frames narrower than this are not enlarged. 16..1920
 * @param pixelThreshold     a small-image pixel counts as changed when it differs from the background by more
 *                           than this many grey levels, 1..254
 * @param minChangedFraction the frame has motion when more than this fraction of the small image changed (and
 *                           at least one changed region is at least {@code minContourArea}), 0 &lt;= f &lt; 1
 * @param alpha              weight of the current frame in the running-average background, 0 &lt; alpha &lt;= 1;
 *                           an object that stops is absorbed into the background in about {@code 1/alpha} measured
 *                           frames
 * @param minContourArea     smallest changed region, in small-image pixels, that is reported as a motion box
 *                           (smaller specks are sensor noise, rain, compression artefacts), &gt;= 0
 * @param ghostSuppression   count a pixel as changed only if it also changed since the previous measured frame
 *                           (or is next to such a pixel); see {@link MotionGate}
 */
public record MotionSettings(int width, int pixelThreshold, double minChangedFraction, double alpha,
                             int minContourArea, boolean ghostSuppression) {

    /**
     * Defaults checked on the sample clips ({@code MotionGateClipsTest}) and synthetic scenes
     * ({@code MotionGateTest}): a 160 px wide grey copy, 25 grey levels (Frigate's default threshold), 0.02 % of
     * the small image (about 3 px of 160x90: low enough for a 12x24 px object in a 640x480 frame; the regions'
     * minimum area does the noise filtering), alpha 0.05, regions of at least 8 small pixels, ghost suppression.
     */
    public static final MotionSettings DEFAULTS = new MotionSettings(160, 25, 0.0002, 0.05, 8, true);

    /** The settings with ghost suppression on (the record's original five parameters). */
    public MotionSettings(int width, int pixelThreshold, double minChangedFraction, double alpha, int minContourArea) {
        this(width, pixelThreshold, minChangedFraction, alpha, minContourArea, true);
    }

    public MotionSettings withGhostSuppression(boolean on) {
        return new MotionSettings(width, pixelThreshold, minChangedFraction, alpha, minContourArea, on);
    }

    public MotionSettings {
        if (width < 16 || width > 1920) {
            throw new IllegalArgumentException("width must be 16..1920 px: " + width);
        }
        if (pixelThreshold < 1 || pixelThreshold > 254) {
            throw new IllegalArgumentException("pixelThreshold must be 1..254 grey levels: " + pixelThreshold);
        }
        if (!(minChangedFraction >= 0 && minChangedFraction < 1)) { // also rejects NaN
            throw new IllegalArgumentException("minChangedFraction must be in [0, 1): " + minChangedFraction);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
        }
        if (minContourArea < 0) {
            throw new IllegalArgumentException("minContourArea must be >= 0: " + minContourArea);
        }
    }
}
