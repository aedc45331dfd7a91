package org.citywatch.analytics.tamper;

import java.util.EnumSet;
import java.util.Set;

/**
 * How the tamper checks judge a view. The thresholds were chosen on the sample clips (none of them trips on any of
 * the three real clips, every spoiled version of them trips: see TamperCheckTest) and are the same for every camera;
 * what a city sets per camera is which checks run and how long a condition must last.
 *
 * @param checks       which checks run (a PTZ camera that turns on purpose drops {@code shifted})
 * @param minNanos     covered, blurred or shifted for at least this long before it is reported
 * @param frozenNanos  unchanged for at least this long before it is reported (a still scene at night is quiet for a
 *                     while, a frozen encoder for ever)
 * @param holdNanos    a report ends once the view has looked normal for this long
 * @param relearnNanos a view that stays shifted this long becomes the new reference (the camera was moved for
 *                     good; the alert has told the operators) and the report ends
 */
public record TamperSettings(Set<TamperKind> checks, long minNanos, long frozenNanos, long holdNanos,
                             long relearnNanos) {

    /** Grey-level standard deviation below which a view is covered (a lit street shows 30 to 70). */
    public static final double MIN_CONTRAST = 6;
    /** Sharpness below this share of the camera's usual sharpness is blurred. */
    public static final double BLUR_RATIO = 0.2;
    /** Mean grey change between two looks below which nothing changed (sensor noise alone gives more). */
    public static final double FROZEN_CHANGE = 0.15;
    /**
     * Below this correlation the middle of the learnt scene is nowhere in the view: the camera looks elsewhere.
     * On the sample clips a normal view stays above 0.37 (a lorry filling the highway view), and below 0.4 for at most
     * two looks in a row.
     */
    public static final double MIN_MATCH = 0.4;
    /**
     * Found this far (share of the view's width) from its place, the scene has moved: the camera turned. A person
     * walking right past the lens can fake that for a few seconds (4 looks in a row at most on the clips), never for
     * the {@code minSeconds} a report needs.
     */
    public static final double MAX_OFFSET = 0.04;
    /** How far the reference moves towards each normal look. */
    public static final double LEARN_WEIGHT = 0.05;
    /** Looks needed before the usual sharpness and the reference are trusted. */
    public static final int WARMUP_LOOKS = 5;

    public TamperSettings {
        checks = checks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(checks));
        if (minNanos < 0 || frozenNanos < 0 || holdNanos < 0 || relearnNanos <= 0) {
            throw new IllegalArgumentException("tamper times must be >= 0 (relearn > 0)");
        }
    }

    /** Every check; 10 s covered/blurred/shifted, 30 s frozen, 10 s to end, relearn after 10 min. */
    public static TamperSettings defaults() {
        return new TamperSettings(EnumSet.allOf(TamperKind.class), 10_000_000_000L, 30_000_000_000L,
                10_000_000_000L, 600_000_000_000L);
    }
}
