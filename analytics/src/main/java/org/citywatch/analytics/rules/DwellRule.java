package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * An object of one of {@code classes} inside a zone for at least {@code min}: intrusion (a restricted zone,
 * {@code min} about a second so that one stray box does not raise it) and loitering (a person, minutes). A track
 * that steps out for less than {@link #EXIT_GRACE_NANOS} keeps its time (a loiterer walking along the zone's
 * edge). It ends when nobody has qualified for {@code hold}.
 */
public final class DwellRule extends TrackRule {

    /** Out of the zone for less than this, and a track's stay goes on. */
    static final long EXIT_GRACE_NANOS = 3_000_000_000L;

    /** When a track's stay began and when it was last inside. */
    private record Stay(long enteredNanos, long lastInNanos) {
    }

    private final Zone zone;
    private final Set<String> classes;
    private final long minNanos;
    private final Episode episode;
    private final TrackTimes<Stay> stays = new TrackTimes<>();

    public DwellRule(String id, AlertType type, Zone zone, Set<String> classes, long minNanos, long holdNanos,
                     Severity severity) {
        super(id, type, severity);
        if (type != AlertType.INTRUSION && type != AlertType.LOITERING) {
            throw new IllegalArgumentException("a dwell rule raises INTRUSION or LOITERING, not " + type);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a dwell rule needs at least one class");
        }
        this.zone = zone;
        this.classes = Set.copyOf(classes);
        this.minNanos = minNanos;
        this.episode = new Episode(0, holdNanos, MAX_GAP_NANOS);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        stays.retain(frame.tracks());
        long now = frame.nanos();
        List<Long> inside = new ArrayList<>();
        Map<String, Number> counts = new LinkedHashMap<>();
        long longest = 0;
        for (TrackSnapshot t : frame.tracks()) {
            if (!classes.contains(t.label()) || !SceneObjects.visible(t, now)) {
                continue;
            }
            Stay s = stays.get(t.id());
            if (!zone.contains(frame.groundPoint(t))) {
                if (s != null && now - s.lastInNanos() > EXIT_GRACE_NANOS) {
                    stays.remove(t.id());
                }
                continue;
            }
            s = s == null ? new Stay(now, now) : new Stay(s.enteredNanos(), now);
            stays.put(t.id(), s);
            if (now - s.enteredNanos() >= minNanos) {
                inside.add(t.id());
                counts.merge(t.label() + "s", 1, (a, b) -> a.intValue() + b.intValue());
                longest = Math.max(longest, now - s.enteredNanos());
            }
        }
        if (!episode.update(!inside.isEmpty(), now)) {
            return;
        }
        String what = type == AlertType.INTRUSION ? "in restricted zone" : "loitering in";
        String message = inside.isEmpty() ? "nobody left " + what + " " + zone.id()
                : String.format(Locale.ROOT, "%d %s %s for %d s", inside.size(),
                        inside.size() == 1 ? "object" : "objects", what + " " + zone.id(), seconds(longest));
        counts.put("objects", inside.size());
        out.finding(new Finding(type, zone.id(), severity, message, inside, counts, episode.sinceNanos()));
    }

    @Override
    protected void reset() {
        stays.clear();
        episode.reset();
    }
}
