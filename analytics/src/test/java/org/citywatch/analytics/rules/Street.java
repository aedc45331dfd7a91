package org.citywatch.analytics.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackState;

/**
 * A synthetic street for the rule tests: a 400x300 frame at 5 fps, objects placed by their ground point (the
 * bottom centre of the box) frame by frame, and one rule fed the frames. Deterministic: no clock, no tracker.
 */
final class Street {

    static final int W = 400;
    static final int H = 300;
    static final long FRAME = 200_000_000L;
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final Rule rule;
    private final Map<Long, TrackSnapshot> objects = new LinkedHashMap<>();
    private final List<List<Finding>> findings = new ArrayList<>();
    private final List<Crossing> crossings = new ArrayList<>();
    private long nanos = 1_000_000_000L;
    private final RuleOutput out = new RuleOutput();

    Street(Rule rule) {
        this.rule = rule;
    }

    /** Puts (or moves) an object so that its feet stand at (x, y) pixels; its box is w x h. */
    Street at(long id, String label, double x, double y, double w, double h) {
        TrackSnapshot before = objects.get(id);
        BoundingBox box = new BoundingBox((float) (x - w / 2), (float) (y - h), (float) (x + w / 2), (float) y);
        long first = before == null ? nanos : before.firstSeenNanos();
        double vx = before == null ? 0 : (box.centerX() - before.box().centerX()) * 1e9 / FRAME;
        double vy = before == null ? 0 : (box.y2() - before.box().y2()) * 1e9 / FRAME;
        objects.put(id, new TrackSnapshot(id, 0, label, 0.9f, box, TrackState.CONFIRMED, first, nanos, vx, vy,
                10, List.of()));
        return this;
    }

    Street person(long id, double x, double y) {
        return at(id, "person", x, y, 20, 60);
    }

    Street car(long id, double x, double y) {
        return at(id, "car", x, y, 40, 30);
    }

    Street gone(long id) {
        objects.remove(id);
        return this;
    }

    /** One analysed frame with the objects as they are now; returns what the rule found on it. */
    List<Finding> frame() {
        out.clear();
        rule.evaluate(new SceneFrame("cam", nanos, T0.plusNanos(nanos), W, H, List.copyOf(objects.values()), null),
                out);
        List<Finding> f = List.copyOf(out.findings());
        findings.add(f);
        crossings.addAll(out.crossings());
        nanos += FRAME;
        return f;
    }

    /** {@code n} frames with nothing moving. */
    Street frames(int n) {
        for (int i = 0; i < n; i++) {
            frame();
        }
        return this;
    }

    /** Lets time pass without an analysed frame (the patrol left the camera). */
    Street skip(long skippedNanos) {
        nanos += skippedNanos;
        return this;
    }

    List<List<Finding>> findings() {
        return findings;
    }

    List<Crossing> crossings() {
        return crossings;
    }

    boolean firing() {
        return !findings.isEmpty() && !findings.getLast().isEmpty();
    }

    /** How many frames had a finding. */
    long framesFiring() {
        return findings.stream().filter(f -> !f.isEmpty()).count();
    }

    /** The index of the first frame with a finding, or -1. */
    int firstFiring() {
        for (int i = 0; i < findings.size(); i++) {
            if (!findings.get(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }
}
