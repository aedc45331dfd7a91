package org.citywatch.analytics.scene;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One camera's scene: its zones and counting lines, and, when the city measured it, the width of the view in
 * metres at the ground (so that speeds can be given in metres per second). The rules that use them are
 * configured beside it ({@code rules:}; see analytics/SCENE.md).
 *
 * @param metresAcross the ground width the frame shows, in metres, at the zones that matter
 */
public record Scene(Map<String, Zone> zones, Map<String, CountLine> lines, Optional<Double> metresAcross) {

    public static final Scene EMPTY = new Scene(Map.of(), Map.of(), Optional.empty());

    public Scene {
        zones = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(zones));
        lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        metresAcross = metresAcross == null ? Optional.empty() : metresAcross;
    }

    /** A zone's polygon or a line's two ends, to draw on a snapshot; empty for an unknown id or the whole view. */
    public List<NormPoint> outline(String id) {
        Zone z = zones.get(id);
        if (z != null) {
            return z.polygon();
        }
        CountLine l = lines.get(id);
        return l == null ? List.of() : List.of(l.from(), l.to());
    }
}
