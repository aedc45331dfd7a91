package org.citywatch.analytics.rules;

import java.util.List;
import java.util.function.Function;
import org.citywatch.analytics.scene.NormPoint;

/**
 * One camera's rules, fresh (each with its own state), and the outlines of its zones and lines for the evidence
 * snapshots.
 *
 * @param outlines a zone's polygon or a line's two ends by id; an empty list for an unknown id or the whole view
 */
public record CameraRules(List<Rule> rules, Function<String, List<NormPoint>> outlines) {

    public static final CameraRules NONE = new CameraRules(List.of(), id -> List.of());

    public CameraRules {
        rules = List.copyOf(rules);
    }
}
