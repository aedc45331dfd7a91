package org.citywatch.analytics.rules;

import java.util.ArrayList;
import java.util.Arrays;
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
 * Congestion: at least {@code minVehicles} vehicles in a road zone whose median speed is at most
 * {@code maxSpeed}, for at least {@code min}; it ends after {@code hold} without. The median is taken over the
 * vehicles tracked for at least {@link #SETTLED_NANOS}: a track's first velocity is zero until the filter has
 * seen it move, and new tracks would otherwise drag the median of free-flowing traffic down to "jammed".
 */
public final class CongestionRule extends TrackRule {

    /** A track younger than this has no trustworthy speed yet. */
    static final long SETTLED_NANOS = 1_000_000_000L;

    private final Zone zone;
    private final int minVehicles;
    private final SpeedLimit maxSpeed;
    private final Optional<Double> metresAcross;
    private final Episode episode;

    public CongestionRule(String id, Zone zone, int minVehicles, SpeedLimit maxSpeed, Optional<Double> metresAcross,
                          long minNanos, long holdNanos, Severity severity) {
        super(id, AlertType.CONGESTION, severity);
        if (minVehicles < 1) {
            throw new IllegalArgumentException("minVehicles must be >= 1");
        }
        if (maxSpeed.metres() && metresAcross.isEmpty()) {
            throw new IllegalArgumentException("maxSpeedMps needs the scene's metresAcross");
        }
        this.zone = zone;
        this.minVehicles = minVehicles;
        this.maxSpeed = maxSpeed;
        this.metresAcross = metresAcross;
        this.episode = new Episode(minNanos, holdNanos, MAX_GAP_NANOS);
    }

    @Override
    protected void check(SceneFrame frame, RuleOutput out) {
        List<Long> vehicles = new ArrayList<>();
        double[] speeds = new double[frame.tracks().size()];
        int settled = 0;
        for (TrackSnapshot t : frame.tracks()) {
            if (SceneObjects.isVehicle(t) && SceneObjects.visible(t, frame.nanos())
                    && zone.contains(frame.groundPoint(t))) {
                vehicles.add(t.id());
                if (t.lastSeenNanos() - t.firstSeenNanos() >= SETTLED_NANOS) {
                    speeds[settled++] = t.speed();
                }
            }
        }
        // At least half the vehicles must have a speed, or the median says nothing of the traffic.
        double median = settled == 0 ? Double.NaN : median(speeds, settled);
        boolean holds = vehicles.size() >= minVehicles && settled * 2 >= vehicles.size()
                && median <= maxSpeed.pixelsPerSecond(frame.width(), metresAcross);
        if (!episode.update(holds, frame.nanos())) {
            return;
        }
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("vehicles", vehicles.size());
        if (!Double.isNaN(median)) {
            counts.put("medianSpeedPxS", Math.round(median * 10) / 10.0);
            SpeedLimit.metresPerSecond(median, frame.width(), metresAcross)
                    .ifPresent(m -> counts.put("medianSpeedMps", Math.round(m * 10) / 10.0));
        }
        String speed = Double.isNaN(median) ? "unknown speed"
                : SpeedLimit.metresPerSecond(median, frame.width(), metresAcross)
                        .map(m -> String.format(Locale.ROOT, "median %.1f m/s", m))
                        .orElse(String.format(Locale.ROOT, "median %.0f px/s", median));
        String message = String.format(Locale.ROOT, "%d vehicles in %s at %s for %d s", vehicles.size(), zone.id(),
                speed, seconds(frame.nanos() - episode.sinceNanos()));
        out.finding(new Finding(type, zone.id(), severity, message, vehicles, counts, episode.sinceNanos()));
    }

    private static double median(double[] values, int n) {
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    @Override
    protected void reset() {
        episode.reset();
    }
}
