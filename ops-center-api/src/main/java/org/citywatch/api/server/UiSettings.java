package org.citywatch.api.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What the dashboard needs to know of its city ({@code ui:} in the configuration, served at {@code /api/ui-config}).
 *
 * @param tileUrl     the base map's tiles, e.g. a city's own {@code https://tiles.city.vn/{z}/{x}/{y}.png}; empty:
 *                    the map shows the cameras on a plain background with district labels (nothing is fetched)
 * @param attribution the tiles' attribution line
 * @param center      the map's start position [latitude, longitude]; empty: the middle of the cameras
 * @param zoom        the map's start zoom
 */
public record UiSettings(Optional<String> tileUrl, String attribution, Optional<double[]> center, int zoom) {

    public UiSettings {
        Objects.requireNonNull(tileUrl, "tileUrl");
        attribution = attribution == null ? "" : attribution;
        Objects.requireNonNull(center, "center");
        if (zoom < 1 || zoom > 20) {
            throw new IllegalArgumentException("ui.zoom must be 1..20, got " + zoom);
        }
        tileUrl.ifPresent(u -> {
            if (!(u.startsWith("https://") || u.startsWith("http://") || u.startsWith("/"))
                    || !u.contains("{z}") || !u.contains("{x}") || !u.contains("{y}")) {
                throw new IllegalArgumentException("ui.tileUrl must be an http(s) URL or a path with {z}, {x} and "
                        + "{y}, got " + u);
            }
        });
        center.ifPresent(c -> {
            if (c.length != 2 || !(c[0] >= -90 && c[0] <= 90) || !(c[1] >= -180 && c[1] <= 180)) {
                throw new IllegalArgumentException("ui.center must be [latitude, longitude]");
            }
        });
    }

    /** No tile server: cameras on a plain background. */
    public static UiSettings defaults() {
        return new UiSettings(Optional.empty(), "", Optional.empty(), 12);
    }
}
