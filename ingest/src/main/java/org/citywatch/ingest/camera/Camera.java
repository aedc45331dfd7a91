package org.citywatch.ingest.camera;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One camera of the city's list. Its {@code url} may hold credentials: use {@link #redactedUrl()} for
 * anything that is shown or logged ({@link #toString()} does).
 */
public record Camera(String id, String name, String url, CameraKind kind, String district,
                     double latitude, double longitude) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public Camera {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id + "' must be 1-64 of letters, digits, '_', '.', '-'");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("camera " + id + " has no url");
        }
        name = name == null || name.isBlank() ? id : name;
        kind = kind == null ? CameraKind.TRAFFIC : kind;
        district = district == null ? "" : district;
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("camera " + id + " has an invalid position " + latitude + ", " + longitude);
        }
    }

    public String redactedUrl() {
        return Redaction.url(url);
    }

    @Override
    public String toString() {
        return "Camera[" + id + " '" + name + "' " + kind + " " + redactedUrl() + "]";
    }
}
