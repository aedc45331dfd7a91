package org.citywatch.analytics.scene;

import java.util.Locale;

/** What a zone is, as the city marks it on the camera's view. */
public enum ZoneKind {
    ROAD, SIDEWALK, NO_STOPPING, RESTRICTED, PLAZA, OTHER;

    /** {@code road}, {@code sidewalk}, {@code no-stopping}, {@code restricted}, {@code plaza}, {@code other}. */
    public static ZoneKind parse(String s) {
        String v = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ZoneKind k : values()) {
            if (k.name().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be road, sidewalk, no-stopping, restricted, plaza or other, got '"
                + s + "'");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
