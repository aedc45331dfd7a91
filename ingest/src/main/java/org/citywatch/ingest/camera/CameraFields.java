package org.citywatch.ingest.camera;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One entry's fields as written (text), shared by the YAML and CSV readers so both accept and check
 * exactly the same things. Field names are matched loosely ({@code subStreamUrl}, {@code sub_stream_url},
 * {@code Sub Stream URL} are one field) because lists are often exported from spreadsheets and GIS tools.
 */
final class CameraFields {

    static final String ID = "id";
    static final String NAME = "name";
    static final String URL = "url";
    static final String SUB_STREAM_URL = "subStreamUrl";
    static final String KIND = "kind";
    static final String DISTRICT = "district";
    static final String WARD = "ward";
    static final String LATITUDE = "latitude";
    static final String LONGITUDE = "longitude";
    static final String TAGS = "tags";
    /** YAML only: the analytics scene (zones, lines, rules), passed through unread. */
    static final String SCENE = "scene";

    /** Every field, in the order the documentation lists them. */
    static final List<String> ALL = List.of(ID, NAME, URL, SUB_STREAM_URL, KIND, DISTRICT, WARD, LATITUDE, LONGITUDE, TAGS,
            SCENE);
    /** Without these an entry cannot be a camera. */
    static final List<String> REQUIRED = List.of(ID, URL, LATITUDE, LONGITUDE);

    private static final Map<String, String> BY_LOOSE_NAME = new HashMap<>();

    static {
        for (String f : ALL) {
            BY_LOOSE_NAME.put(loose(f), f);
        }
    }

    private CameraFields() {
    }

    /** The field a written key or column header names, if it names one. */
    static Optional<String> canonical(String written) {
        return written == null ? Optional.empty() : Optional.ofNullable(BY_LOOSE_NAME.get(loose(written)));
    }

    private static String loose(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /**
     * Builds the camera from its fields (keyed by canonical name; absent or blank means not given).
     *
     * @throws IllegalArgumentException naming what is wrong; never quoting a URL
     */
    static Camera toCamera(Map<String, String> fields, List<String> tags) {
        return toCamera(fields, tags, Map.of());
    }

    /** As {@link #toCamera(Map, List)}, with the camera's scene tree. */
    static Camera toCamera(Map<String, String> fields, List<String> tags, Map<String, Object> scene) {
        String id = text(fields, ID);
        if (id == null) {
            throw new IllegalArgumentException("entry has no id");
        }
        String latitude = text(fields, LATITUDE);
        String longitude = text(fields, LONGITUDE);
        if (latitude == null || longitude == null) {
            throw new IllegalArgumentException("camera " + id + " needs latitude and longitude");
        }
        return new Camera(id, text(fields, NAME), text(fields, URL), Optional.ofNullable(text(fields, SUB_STREAM_URL)),
                kind(id, text(fields, KIND)), text(fields, DISTRICT), text(fields, WARD),
                number(LATITUDE, latitude), number(LONGITUDE, longitude), new LinkedHashSet<>(tags), scene);
    }

    /** Splits a tags cell: any of {@code , ; |} separates (no regex: this runs once per row of big lists). */
    static List<String> splitTags(String cell) {
        List<String> out = new ArrayList<>();
        if (cell == null) {
            return out;
        }
        int start = 0;
        for (int i = 0; i <= cell.length(); i++) {
            if (i == cell.length() || cell.charAt(i) == ',' || cell.charAt(i) == ';' || cell.charAt(i) == '|') {
                String t = cell.substring(start, i).strip();
                if (!t.isEmpty()) {
                    out.add(t);
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static String text(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private static CameraKind kind(String id, String kind) {
        if (kind == null) {
            return CameraKind.TRAFFIC;
        }
        try {
            return CameraKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camera " + id + " has kind '" + kind + "'; expected traffic or ward");
        }
    }

    private static double number(String field, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a number");
        }
    }
}
