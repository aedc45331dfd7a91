package org.citywatch.analytics.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import org.citywatch.analytics.scene.Tree;

/** Scenes written as in a camera list, read the way the configuration reads them. */
final class SceneYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SceneYaml() {
    }

    static Map<String, Object> map(String yaml) {
        try {
            return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CameraRules rules(String yaml) {
        return RuleFactory.create(new Tree("scene", map(yaml)));
    }

    /** The one rule of a scene. */
    static Rule rule(String yaml) {
        CameraRules r = rules(yaml);
        if (r.rules().size() != 1) {
            throw new IllegalStateException("expected one rule, got " + r.rules().size());
        }
        return r.rules().getFirst();
    }
}
