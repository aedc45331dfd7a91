package org.citywatch.analytics.tamper;

import java.util.Locale;

/** The ways a camera's view is spoiled, each checked on its own. */
public enum TamperKind {
    /** Covered, painted over or black: no contrast left in the picture. */
    COVERED,
    /** Defocused or smeared: far less fine detail than the camera usually shows. */
    BLURRED,
    /** Frozen: the stream still delivers pictures, but they do not change at all. */
    FROZEN,
    /** Shifted: turned or moved, so the scene no longer matches what the camera learnt it shows. */
    SHIFTED;

    /** As written in configuration: {@code covered}, {@code blurred}, {@code frozen}, {@code shifted}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TamperKind parse(String s) {
        for (TamperKind k : values()) {
            if (k.configName().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown tamper check '" + s + "'; known: covered, blurred, frozen, shifted");
    }
}
