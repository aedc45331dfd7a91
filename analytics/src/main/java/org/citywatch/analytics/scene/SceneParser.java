package org.citywatch.analytics.scene;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the zones and lines of a scene; the rules beside them are read by {@code rules.RuleFactory}. */
public final class SceneParser {

    /** The keys of a scene mapping. */
    public static final Set<String> KEYS = Set.of("zones", "lines", "rules", "metresAcross");

    private SceneParser() {
    }

    /** @throws IllegalArgumentException naming the path of the first bad entry */
    public static Scene parse(Tree scene) {
        scene.only(KEYS);
        Map<String, Zone> zones = new LinkedHashMap<>();
        for (Tree z : scene.children("zones")) {
            z.only(Set.of("id", "kind", "polygon", "direction", "areaM2"));
            String id = z.text("id");
            Optional<Zone.Arrow> direction = Optional.empty();
            if (z.has("direction")) {
                var ends = z.points("direction");
                if (ends.size() != 2) {
                    throw new IllegalArgumentException(z.at("direction") + " must be two points [[x, y], [x, y]]: "
                            + "the arrow of the allowed direction, tail first");
                }
                direction = Optional.of(new Zone.Arrow(ends.get(0), ends.get(1)));
            }
            ZoneKind kind;
            try {
                kind = ZoneKind.parse(z.text("kind", "other"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(z.at("kind") + ": " + e.getMessage());
            }
            try {
                put(zones, id, new Zone(id, kind, z.points("polygon"), direction, z.number("areaM2")), z.path());
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(z.path()) ? e : new IllegalArgumentException(z.path() + ": " + e.getMessage());
            }
        }
        Map<String, CountLine> lines = new LinkedHashMap<>();
        for (Tree l : scene.children("lines")) {
            l.only(Set.of("id", "from", "to", "forward", "backward"));
            String id = l.text("id");
            if (zones.containsKey(id)) {
                throw new IllegalArgumentException(l.path() + ": id '" + id + "' is already a zone's");
            }
            try {
                put(lines, id, new CountLine(id, l.point("from"), l.point("to"), l.text("forward", "forward"),
                        l.text("backward", "backward")), l.path());
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(l.path()) ? e : new IllegalArgumentException(l.path() + ": " + e.getMessage());
            }
        }
        Optional<Double> across = scene.number("metresAcross");
        if (across.isPresent() && !(across.get() > 0)) {
            throw new IllegalArgumentException(scene.at("metresAcross") + " must be positive");
        }
        return new Scene(zones, lines, across);
    }

    private static <T> void put(Map<String, T> into, String id, T value, String path) {
        if (into.putIfAbsent(id, value) != null) {
            throw new IllegalArgumentException(path + ": id '" + id + "' is used twice");
        }
    }
}
