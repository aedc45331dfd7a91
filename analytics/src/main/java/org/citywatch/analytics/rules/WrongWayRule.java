package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackState;

/**
 * Wrong way: a vehicle in a road zone that moves against the zone's allowed direction for at least
 * {@code minDistance} (a fraction of the frame width). Measured along the arrow: the track's most-forward position
 * so far, and how far it went back from there; going back must also be most of its movement, so that a vehicle
 * reversing a metre to park, or a box that jumps, is not flagged. A flagged track stays flagged for its life.
 */
public final class WrongWayRule extends TrackRule {

    /** What a track did along the arrow: its furthest position and its first point. */
    private record Progress(double best, double startX, double startY) {
    }

    private final Zone zone;
    private final double minDistance;
    private final Episode episode;
    private final TrackTimes<Progress> progress = new TrackTimes<>();
    private final Set<Long> flagged = new HashSet<>();

    public WrongWayRule(String id, Zone zone, double minDistance, long holdNanos, Severity severity) {
        super(id, AlertType.WRONG_WAY, severity);
        if (zone.direction().isEmpty()) {
            throw new IllegalArgumentException("zone " + zone.id() + " has no direction: a wrong-way rule needs one");
        }
        if (!(minDistance > 0 && minDistance <= 1)) {
            throw new IllegalArgumentException("minDistance must be in (0, 1], a fraction of the frame width");
        }
        this.zone = zone;
        this.minDistance = minDistance;
        this.episode = new Episode(0, holdNanos, MAX_GAP_NANOS);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        progress.retain(frame.tracks());
        if (!flagged.isEmpty()) {
            Set<Long> live = new HashSet<>();
            frame.tracks().forEach(t -> live.add(t.id()));
            flagged.retainAll(live);
        }
        Zone.Arrow arrow = zone.direction().orElseThrow();
        double ux = arrow.dx(frame.width());
        double uy = arrow.dy(frame.height());
        double norm = Math.hypot(ux, uy);
        ux /= norm;
        uy /= norm;
        double needed = minDistance * frame.width();
        List<Long> against = new ArrayList<>();
        for (TrackSnapshot t : frame.tracks()) {
            if (!SceneObjects.isVehicle(t) || !SceneObjects.visible(t, frame.nanos())
                    || !zone.contains(frame.groundPoint(t))) {
                continue;
            }
            if (!flagged.contains(t.id()) && t.state() == TrackState.CONFIRMED) {
                double x = t.box().centerX();
                double y = t.box().y2();
                double s = x * ux + y * uy;
                Progress p = progress.get(t.id());
                if (p == null) {
                    p = new Progress(s, x, y);
                } else if (s > p.best()) {
                    p = new Progress(s, p.startX(), p.startY());
                }
                progress.put(t.id(), p);
                double back = p.best() - s;
                double moved = Math.hypot(x - p.startX(), y - p.startY());
                if (back >= needed && back >= 0.5 * moved) {
                    flagged.add(t.id());
                }
            }
            if (flagged.contains(t.id())) {
                against.add(t.id());
            }
        }
        if (!episode.update(!against.isEmpty(), frame.nanos())) {
            return;
        }
        String message = against.isEmpty() ? "wrong-way vehicle in " + zone.id() + " (gone)"
                : against.size() + " vehicle(s) going the wrong way in " + zone.id();
        out.finding(new Finding(type, zone.id(), severity, message, against, Map.of("vehicles", against.size()),
                episode.sinceNanos()));
    }

    @Override
    protected void reset() {
        progress.clear();
        flagged.clear();
        episode.reset();
    }
}
