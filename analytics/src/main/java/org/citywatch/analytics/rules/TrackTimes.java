package org.citywatch.analytics.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * A per-track value of a rule (when a track entered a zone, where it stopped …), forgotten as soon as its track is
 * gone from the tracker, so it is bounded by the tracker's own cap on tracks.
 */
final class TrackTimes<V> {

    private final Map<Long, V> byTrack = new HashMap<>();

    V get(long trackId) {
        return byTrack.get(trackId);
    }

    void put(long trackId, V value) {
        byTrack.put(trackId, value);
    }

    void remove(long trackId) {
        byTrack.remove(trackId);
    }

    void clear() {
        byTrack.clear();
    }

    int size() {
        return byTrack.size();
    }

    /** Drops the values of tracks that are no longer in {@code tracks}. */
    void retain(List<TrackSnapshot> tracks) {
        if (byTrack.isEmpty()) {
            return;
        }
        java.util.Set<Long> live = new java.util.HashSet<>(tracks.size() * 2);
        for (TrackSnapshot t : tracks) {
            live.add(t.id());
        }
        byTrack.keySet().retainAll(live);
    }
}
