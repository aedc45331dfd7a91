package org.citywatch.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A mapping in the YAML whose keys are checked against what this version understands. */
record ConfigSection(String path, JsonNode node) {

    ConfigSection(String path, JsonNode node, Set<String> known) {
        this(path, node);
        if (!node.isMissingNode() && !node.isObject()) {
            throw new IllegalArgumentException((path.isEmpty() ? "the configuration" : path) + " must be a mapping");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                unknown.add(prefix() + key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown configuration key(s) " + unknown + "; known here: " + known);
        }
    }

    ConfigSection child(String key, Set<String> known) {
        return new ConfigSection(prefix() + key, node.path(key), known);
    }

    private String prefix() {
        return path.isEmpty() ? "" : path + ".";
    }

    int intValue(String key, int fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(prefix() + key + " must be a whole number, got " + v);
        }
        return v.intValue();
    }

    double doubleValue(String key, double fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(prefix() + key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    Duration seconds(String key, Duration fallback) {
        JsonNode v = node.path(key);
        return v.isMissingNode() || v.isNull() ? fallback
                : Duration.ofMillis(Math.round(doubleValue(key, 0) * 1000));
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(prefix() + key + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    List<String> strings(String key) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(prefix() + key + " must be a list, got " + v);
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    String text(String key, String fallback) {
        JsonNode v = node.path(key);
        return v.isMissingNode() || v.isNull() ? fallback : v.asText();
    }

    /** The value as a plain tree (maps, lists, values), or an empty map when absent. */
    Map<String, Object> tree(String key) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(prefix() + key + " must be a mapping");
        }
        return AppConfigJson.MAPPER.convertValue(v, AppConfigJson.TREE);
    }
}
