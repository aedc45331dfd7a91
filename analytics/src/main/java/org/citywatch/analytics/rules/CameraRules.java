package org.citywatch.analytics.rules;

import java.util.List;
import java.util.function.Function;
import org.citywatch.analytics.scene.NormPoint;
import org.slf4j.LoggerFactory;

/**
 * One camera's rules, fresh (each with its own state), and the outlines of its zones and lines for the evidence
 * snapshots.
 *
 * @param rules     the rules that look at tracks, run on every analysed frame
 * @param viewRules the rules that look at the picture itself (camera tamper), run at most once a second on
 *                  whatever frame the camera shows, analysed or not
 * @param outlines  a zone's polygon or a line's two ends by id; an empty list for an unknown id or the whole view
 */
public record CameraRules(List<Rule> rules, List<Rule> viewRules, Function<String, List<NormPoint>> outlines)
        implements AutoCloseable {

    public static final CameraRules NONE = new CameraRules(List.of(), List.of(), id -> List.of());

    public CameraRules {
        rules = List.copyOf(rules);
        viewRules = List.copyOf(viewRules);
    }

    /** Frees what rules hold outside the heap (the tamper check's image buffers). */
    @Override
    public void close() {
        for (Rule r : viewRules) {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(CameraRules.class).warn("Rule {} did not close: {}", r.id(),
                            e.getMessage());
                }
            }
        }
    }
}
