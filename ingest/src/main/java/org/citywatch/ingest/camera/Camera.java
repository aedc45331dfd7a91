package org.citywatch.ingest.camera;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One camera of the city's list. Its {@code url} and {@code subStreamUrl} may hold credentials: use
 * {@link #redactedUrl()} and {@link #redactedSubStreamUrl()} for anything that is shown or logged
 * ({@link #toString()} does).
 *
 * @param subStreamUrl the camera's lower-resolution stream, which analytics should read when there is one
 *                     (see {@link #analyticsUrl()}); empty when the camera has only its main stream
 * @param ward         the ward (sub-district) the camera is in; empty when not known
 * @param tags         free labels (e.g. {@code school}, {@code junction}); immutable, in the order written
 * @param scene        the camera's scene for analytics (zones, lines, rules) as written in the camera list: a
 *                     tree of maps, lists and plain values that ingest passes through unread; empty when none
 */
public record Camera(String id, String name, String url, Optional<String> subStreamUrl, CameraKind kind,
                     String district, String ward, double latitude, double longitude, Set<String> tags,
                     Map<String, Object> scene) {

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
        subStreamUrl = subStreamUrl == null ? Optional.empty() : subStreamUrl.filter(s -> !s.isBlank());
        kind = kind == null ? CameraKind.TRAFFIC : kind;
        district = district == null ? "" : district;
        ward = ward == null ? "" : ward;
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("camera " + id + " has an invalid position " + latitude + ", " + longitude);
        }
        tags = tags(tags);
        scene = scene == null || scene.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scene));
    }

    /** A camera without a scene. */
    public Camera(String id, String name, String url, Optional<String> subStreamUrl, CameraKind kind,
                  String district, String ward, double latitude, double longitude, Set<String> tags) {
        this(id, name, url, subStreamUrl, kind, district, ward, latitude, longitude, tags, Map.of());
    }

    /** The original seven fields; no sub-stream, ward or tags. Kept so existing callers compile unchanged. */
    public Camera(String id, String name, String url, CameraKind kind, String district, double latitude,
                  double longitude) {
        this(id, name, url, Optional.empty(), kind, district, "", latitude, longitude, Set.of(), Map.of());
    }

    public String redactedUrl() {
        return Redaction.url(url);
    }

    public Optional<String> redactedSubStreamUrl() {
        return subStreamUrl.map(Redaction::url);
    }

    /** The stream analytics should read: the sub-stream when the camera has one (cheaper to decode), else the main. */
    public String analyticsUrl() {
        return subStreamUrl.orElse(url);
    }

    /**
     * Whether the other record reads the same streams the same way (url, sub-stream, kind). When it does,
     * the two differ at most in what is shown (name, district, ward, position, tags) and in their scene, and a
     * running source
     * need not be reopened.
     */
    public boolean sameStreamAs(Camera other) {
        return other != null && url.equals(other.url) && subStreamUrl.equals(other.subStreamUrl)
                && kind == other.kind;
    }

    @Override
    public String toString() {
        return "Camera[" + id + " '" + name + "' " + kind + " " + redactedUrl()
                + redactedSubStreamUrl().map(s -> " sub " + s).orElse("") + "]";
    }

    /** Trimmed, blanks dropped, first spelling kept; the record's set is unmodifiable and keeps file order. */
    private static Set<String> tags(Collection<String> written) {
        if (written == null || written.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : written) {
            if (t != null && !t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out.isEmpty() ? Set.of() : Collections.unmodifiableSet(out);
    }
}
