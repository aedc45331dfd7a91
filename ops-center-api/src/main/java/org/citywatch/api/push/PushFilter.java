package org.citywatch.api.push;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * What one client asked for, from its query string: {@code district}, {@code camera}, {@code type} and
 * {@code minSeverity}. Each may be repeated; {@code camera} and {@code type} also take comma lists (a district
 * name may hold a comma, so districts are only repeated). Alert events must pass all four; camera events pass the
 * district and camera filters only. Checked against fields kept beside the event's bytes, never its JSON.
 *
 * @param minSeverity at least this severe (P1 is the most severe); null for any
 */
record PushFilter(Set<String> districts, Set<String> cameras, Set<AlertType> types, Severity minSeverity) {

    static final PushFilter ALL = new PushFilter(Set.of(), Set.of(), Set.of(), null);

    PushFilter {
        districts = Set.copyOf(districts);
        cameras = Set.copyOf(cameras);
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    }

    /** Reads the filter parameters; other parameters (an access token, {@code since}) are left alone. */
    static PushFilter parse(MultiMap params) {
        Set<String> districts = new LinkedHashSet<>();
        for (String d : params.getAll("district")) {
            if (!d.isBlank()) {
                districts.add(d.strip());
            }
        }
        Set<String> cameras = new LinkedHashSet<>(list(params.getAll("camera")));
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String t : list(params.getAll("type"))) {
            try {
                types.add(AlertType.valueOf(t.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("type '" + t + "' is not one of "
                        + Arrays.toString(AlertType.values()));
            }
        }
        Severity min = null;
        List<String> severities = list(params.getAll("minSeverity"));
        if (severities.size() > 1) {
            throw new IllegalArgumentException("minSeverity is given more than once");
        }
        if (!severities.isEmpty()) {
            try {
                min = Severity.valueOf(severities.getFirst().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("minSeverity '" + severities.getFirst()
                        + "' is not one of P1..P4 (P1 is the most severe)");
            }
        }
        return new PushFilter(districts, cameras, types, min);
    }

    private static List<String> list(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    boolean accepts(PushEvent e) {
        if (!cameras.isEmpty() && !cameras.contains(e.cameraId())) {
            return false;
        }
        if (!districts.isEmpty() && !districts.contains(e.district())) {
            return false;
        }
        if (e.kind() == PushEvent.Kind.CAMERA) {
            return true;
        }
        if (!types.isEmpty() && !types.contains(e.alertType())) {
            return false;
        }
        return minSeverity == null || e.severity().compareTo(minSeverity) <= 0;
    }
}
