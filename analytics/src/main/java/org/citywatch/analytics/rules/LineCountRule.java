package org.citywatch.analytics.rules;

import java.util.Set;
import org.citywatch.analytics.scene.CountLine;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackState;

/**
 * Vehicle counting: a track of one of {@code classes} whose ground point (the bottom centre of its box) goes from
 * one side of the line to the other, between its two ends, is counted once, in the direction it crossed. Jitter
 * cannot count it twice: a side is only taken once the point is more than a margin away from the line (a band
 * around the line changes nothing), and a track is counted at most once per line for its whole life.
 * Raises no alert: the crossings go to the vehicle counts.
 */
public final class LineCountRule extends TrackRule {

    /** The band around the line, as a fraction of the frame's larger side (about 6 px at 416 px). */
    static final double MARGIN = 0.015;
    /** How far beyond its ends a crossing still counts, as a fraction of the line's length. */
    static final double END_SLACK = 0.05;

    private final CountLine line;
    private final Set<String> classes;
    /** The side (+1 forward, -1 backward) each track was last firmly on; a counted track maps to 0. */
    private final TrackTimes<Integer> sides = new TrackTimes<>();

    public LineCountRule(String id, CountLine line, Set<String> classes) {
        super(id, null, org.citywatch.analytics.alert.Severity.P4);
        this.line = line;
        this.classes = Set.copyOf(classes);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        sides.retain(frame.tracks());
        double margin = MARGIN * Math.max(frame.width(), frame.height());
        for (TrackSnapshot t : frame.tracks()) {
            // Measured positions only: a lost track's box is a prediction, and may drift over the line.
            if (t.state() != TrackState.CONFIRMED || !classes.contains(t.label())) {
                continue;
            }
            Integer before = sides.get(t.id());
            if (before != null && before == 0) {
                continue; // counted already
            }
            double x = t.box().centerX();
            double y = t.box().y2();
            double d = line.side(x, y, frame.width(), frame.height());
            if (Math.abs(d) <= margin) {
                continue;
            }
            int side = d > 0 ? 1 : -1;
            double along = line.along(x, y, frame.width(), frame.height());
            if (before != null && before != side && along >= -END_SLACK && along <= 1 + END_SLACK) {
                out.crossing(new Crossing(line.id(), side > 0 ? line.forward() : line.backward(), t.label(), t.id(),
                        frame.at()));
                sides.put(t.id(), 0);
            } else {
                sides.put(t.id(), side);
            }
        }
    }

    @Override
    protected void reset() {
        sides.clear();
    }
}
