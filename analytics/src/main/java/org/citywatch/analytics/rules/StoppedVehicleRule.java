package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * Stopped vehicle: a vehicle whose ground point stays within half its box width of one spot, inside a
 * no-stopping zone, for at least {@code min}. The spot is re-taken whenever the vehicle moves further than that,
 * so slow creeping in a queue counts as moving, and a box's jitter (a few pixels) does not. It ends when no
 * vehicle has been stopped there for {@code hold}.
 */
public final class StoppedVehicleRule extends TrackRule {

    /** How far (in box widths) a vehicle may drift and still count as standing on the same spot. */
    static final double DRIFT_WIDTHS = 0.5;

    /** Where and since when a track stands. */
    private record Anchor(double x, double y, long sinceNanos) {
    }

    private final Zone zone;
    private final long minNanos;
    private final Episode episode;
    private final TrackTimes<Anchor> anchors = new TrackTimes<>();

    public StoppedVehicleRule(String id, Zone zone, long minNanos, long holdNanos, Severity severity) {
        super(id, AlertType.STOPPED_VEHICLE, severity);
        this.zone = zone;
        this.minNanos = minNanos;
        this.episode = new Episode(0, holdNanos, MAX_GAP_NANOS);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        anchors.retain(frame.tracks());
        long now = frame.nanos();
        List<Long> stopped = new ArrayList<>();
        long since = Long.MAX_VALUE;
        for (TrackSnapshot t : frame.tracks()) {
            if (!SceneObjects.isVehicle(t) || !SceneObjects.visible(t, now) || !zone.contains(frame.groundPoint(t))) {
                anchors.remove(t.id());
                continue;
            }
            double x = t.box().centerX();
            double y = t.box().y2();
            Anchor a = anchors.get(t.id());
            double allowed = Math.max(2, DRIFT_WIDTHS * t.box().width());
            if (a == null || Math.hypot(x - a.x(), y - a.y()) > allowed) {
                anchors.put(t.id(), new Anchor(x, y, now));
            } else if (now - a.sinceNanos() >= minNanos) {
                stopped.add(t.id());
                since = Math.min(since, a.sinceNanos());
            }
        }
        if (!episode.update(!stopped.isEmpty(), now)) {
            return;
        }
        long from = stopped.isEmpty() ? episode.sinceNanos() : since;
        String message = stopped.isEmpty()
                ? "vehicle stopped in " + zone.id() + " (moving off)"
                : String.format(Locale.ROOT, "%d vehicle(s) stopped in %s for %d s", stopped.size(), zone.id(),
                        seconds(now - from));
        out.finding(new Finding(type, zone.id(), severity, message, stopped, Map.of("vehicles", stopped.size()),
                from));
    }

    @Override
    protected void reset() {
        anchors.clear();
        episode.reset();
    }
}
