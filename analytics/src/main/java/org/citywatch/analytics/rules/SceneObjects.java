package org.citywatch.analytics.rules;

import java.util.Set;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackState;

/** Which tracks the rules look at, and which classes are persons and vehicles. */
public final class SceneObjects {

    public static final String PERSON = "person";
    /** COCO's road vehicles, as the issue lists them. */
    public static final Set<String> VEHICLES = Set.of("car", "motorcycle", "bus", "truck", "bicycle");
    /** A lost track still counts this long after its last detection (a person hidden behind another for a moment). */
    static final long LOST_GRACE_NANOS = 1_000_000_000L;

    private SceneObjects() {
    }

    /**
     * A real object seen now or a moment ago: confirmed, or lost for at most a second. Tentative tracks (one
     * detection, possibly noise) never count.
     */
    public static boolean visible(TrackSnapshot t, long nanos) {
        return t.state() == TrackState.CONFIRMED
                || t.state() == TrackState.LOST && nanos - t.lastSeenNanos() <= LOST_GRACE_NANOS;
    }

    public static boolean isVehicle(TrackSnapshot t) {
        return VEHICLES.contains(t.label());
    }

    public static boolean isPerson(TrackSnapshot t) {
        return PERSON.equals(t.label());
    }
}
