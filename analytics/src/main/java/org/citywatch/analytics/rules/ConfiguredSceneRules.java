package org.citywatch.analytics.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citywatch.analytics.scene.Tree;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's rules from its own {@code scene:}, or, for a camera without one, the node's default scene. The
 * default scene is checked when this is made (a bad one stops start-up); a camera's own bad scene only costs that
 * camera its rules, and is logged once with the camera id (again only when its error changes).
 */
public final class ConfiguredSceneRules implements SceneRules {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredSceneRules.class);

    private final Map<String, Object> defaultScene;
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when the default scene is malformed (path and reason in the message) */
    public ConfiguredSceneRules(Map<String, Object> defaultScene) {
        this.defaultScene = defaultScene == null ? Map.of() : Map.copyOf(defaultScene);
        RuleFactory.create(new Tree("analytics.defaultScene", this.defaultScene));
    }

    @Override
    public CameraRules rulesFor(Camera camera) {
        boolean own = !camera.scene().isEmpty();
        Tree tree = own ? new Tree("scene", camera.scene()) : new Tree("analytics.defaultScene", defaultScene);
        try {
            CameraRules rules = RuleFactory.create(tree);
            reported.remove(camera.id());
            return rules;
        } catch (RuntimeException e) {
            String reason = e.getMessage();
            if (!reason.equals(reported.put(camera.id(), reason))) {
                log.warn("Camera {}: its scene is not usable, so it runs without rules: {}", camera.id(), reason);
            }
            return CameraRules.NONE;
        }
    }
}
