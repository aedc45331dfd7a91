package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * Crowd: at least {@code minPersons} persons in the zone (or a density of at least {@code minDensity} persons per
 * square metre, for a zone whose area is known) for at least {@code min}; it ends once the crowd has stayed below
 * that for {@code hold}. A person is in the zone when the foot of their box is. Without a zone: the whole view.
 */
public final class CrowdRule extends TrackRule {

    /** The threshold: a count, or a density for a zone of known area. */
    public sealed interface Threshold {
        record Count(int minPersons) implements Threshold {
            public Count {
                if (minPersons < 1) {
                    throw new IllegalArgumentException("minPersons must be >= 1");
                }
            }
        }

        record Density(double minPersonsPerM2) implements Threshold {
            public Density {
                if (!(minPersonsPerM2 > 0)) {
                    throw new IllegalArgumentException("minDensity must be > 0");
                }
            }
        }
    }

    private final Optional<Zone> zone;
    private final Threshold threshold;
    private final Episode episode;

    public CrowdRule(String id, Optional<Zone> zone, Threshold threshold, long minNanos, long holdNanos,
                     Severity severity) {
        super(id, AlertType.CROWD, severity);
        this.zone = zone;
        this.threshold = threshold;
        if (threshold instanceof Threshold.Density && zone.flatMap(Zone::areaM2).isEmpty()) {
            throw new IllegalArgumentException("a crowd density needs a zone with areaM2");
        }
        this.episode = new Episode(minNanos, holdNanos, MAX_GAP_NANOS);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        List<Long> persons = new ArrayList<>();
        for (TrackSnapshot t : frame.tracks()) {
            if (SceneObjects.isPerson(t) && SceneObjects.visible(t, frame.nanos())
                    && zone.map(z -> z.contains(frame.groundPoint(t))).orElse(true)) {
                persons.add(t.id());
            }
        }
        int n = persons.size();
        Optional<Double> density = zone.flatMap(Zone::areaM2).map(a -> n / a);
        boolean holds = switch (threshold) {
            case Threshold.Count c -> n >= c.minPersons();
            case Threshold.Density d -> density.orElse(0.0) >= d.minPersonsPerM2();
        };
        if (!episode.update(holds, frame.nanos())) {
            return;
        }
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("persons", n);
        density.ifPresent(d -> counts.put("personsPerM2", Math.round(d * 100) / 100.0));
        String where = zone.map(z -> " in " + z.id()).orElse(" in view");
        String message = String.format(Locale.ROOT, "%d persons%s%s for %d s", n, where,
                density.map(d -> String.format(Locale.ROOT, " (%.2f per m²)", d)).orElse(""),
                seconds(frame.nanos() - episode.sinceNanos()));
        out.finding(new Finding(type, zone.map(Zone::id).orElse(""), severity, message, persons, counts,
                episode.sinceNanos()));
    }

    @Override
    protected void reset() {
        episode.reset();
    }
}
