package org.citywatch.analytics.scene;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of a scene as written in YAML (maps, lists and plain values), read with its path in every error, so
 * that a typo says where it is: {@code scene.rules[2].minPersns: unknown key}.
 */
public record Tree(String path, Map<String, Object> map) {

    public Tree {
        map = map == null ? Map.of() : map;
    }

    /** Fails on any key not in {@code known}. */
    public Tree only(Set<String> known) {
        Set<String> unknown = new TreeSet<>(map.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(path + ": unknown key(s) " + unknown + "; known here: "
                    + new TreeSet<>(known));
        }
        return this;
    }

    public boolean has(String key) {
        return map.get(key) != null;
    }

    public String text(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof Map || v instanceof List || v.toString().isBlank()) {
            throw new IllegalArgumentException(at(key) + " must be given as text");
        }
        return v.toString().strip();
    }

    public String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    public Optional<Double> number(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(at(key) + " must be a number, got " + v);
        }
        return Optional.of(n.doubleValue());
    }

    /** A number in {@code min..max}, or the fallback when absent. */
    public double number(String key, double fallback, double min, double max) {
        double v = number(key).orElse(fallback);
        if (v < min || v > max) {
            throw new IllegalArgumentException(at(key) + " must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    public int whole(String key, int fallback, int min, int max) {
        double v = number(key, fallback, min, max);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(at(key) + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    public Duration seconds(String key, double fallback, double max) {
        return Duration.ofMillis(Math.round(number(key, fallback, 0, max) * 1000));
    }

    public List<String> strings(String key, List<String> fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(at(key) + " must be a non-empty list");
        }
        return list.stream().map(o -> String.valueOf(o).strip()).toList();
    }

    /** The list of mappings under {@code key} (empty when absent), each with its own path. */
    public List<Tree> children(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(at(key) + " must be a list");
        }
        List<Tree> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(mapping(at(key) + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** One point {@code [x, y]} in 0..1. */
    public NormPoint point(String key) {
        return point(at(key), map.get(key));
    }

    /** A list of points {@code [[x, y], ...]}. */
    public List<NormPoint> points(String key) {
        Object v = map.get(key);
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(at(key) + " must be a list of [x, y] points");
        }
        List<NormPoint> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(point(at(key) + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    public String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    public static Tree mapping(String path, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(path + " must be a mapping");
        }
        return new Tree(path, (Map<String, Object>) m);
    }

    private static NormPoint point(String path, Object v) {
        if (v instanceof List<?> xy && xy.size() == 2 && xy.get(0) instanceof Number x && xy.get(1) instanceof Number y) {
            try {
                return new NormPoint(x.doubleValue(), y.doubleValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(path + " must be a point [x, y] with both in 0..1, got " + v);
    }
}
