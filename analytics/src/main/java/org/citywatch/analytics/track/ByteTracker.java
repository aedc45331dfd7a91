package org.citywatch.analytics.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;

/**
 * A multi-object tracker in the style of ByteTrack (Zhang et al., 2022): a constant-velocity Kalman filter per
 * track, and association in two stages, sure detections first and then the unsure ones, which may only keep alive
 * an object that is already being tracked (a person half hidden behind a post scores low, but is still there).
 *
 * <p>Each {@link #update} runs ByteTrack's steps:
 * <ol>
 *   <li>tracks unseen for longer than {@code maxLostSeconds} end; the others are predicted to this frame's time;</li>
 *   <li>first stage: confirmed and lost tracks against detections scoring at least {@code highScore}, by IoU
 *       (optimal assignment, {@link Assignment});</li>
 *   <li>second stage: tracks matched in the previous frame and still unmatched against the low-score detections;
 *       confirmed tracks left over become lost;</li>
 *   <li>tentative tracks against the high detections left; a tentative track that misses is dropped;</li>
 *   <li>high detections still left, scoring at least {@code newTrackScore}, start tentative tracks.</li>
 * </ol>
 *
 * <p>Two additions to ByteTrack, both for a few frames per second and for vehicles (see {@link TrackerSettings}):
 * in the first and third stages boxes are compared "buffered" (widened in proportion to the time since the track
 * was last seen, as C-BIoU does), because at 5 fps an object moves a large part of its size between frames; and,
 * when class-aware, two detections of one class group on the same spot (a van as both car and truck) count once.
 *
 * <p><b>Time</b> comes from the caller's clock (nanoseconds, for instance {@code System.nanoTime()} at capture) and
 * only differences matter. Time that goes backwards by up to {@code maxLostSeconds} is treated as no time at all
 * (dt = 0: the frame is still used, and a track's last-seen time never decreases); a larger jump back means the
 * clock restarted, so every track ends and tracking starts afresh (ids keep increasing). A long gap forward ends
 * the tracks that were unseen for too long before any matching, so nothing is revived after, say, a reconnect.
 *
 * <p><b>Bad input</b> never throws: null detections, non-finite scores or coordinates, and boxes with no width or
 * height are ignored. <b>Bounded</b>: at most {@code maxTracks} live tracks, and at most {@link #HISTORY} boxes of
 * history each.
 *
 * <p>One tracker per camera. <b>Not thread-safe</b>: feed it from one thread at a time (the analytics pipeline
 * analyses a camera on one worker at a time).
 */
public final class ByteTracker {

    /** How many measured boxes each track keeps. */
    public static final int HISTORY = 64;

    private final TrackerSettings settings;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;
    private boolean started;
    private long lastNanos;
    private long tracksCreated;
    private long tracksConfirmed;
    private List<TrackSnapshot> latest = List.of();

    public ByteTracker(TrackerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ByteTracker() {
        this(TrackerSettings.defaults());
    }

    /**
     * Feeds one analysed frame.
     *
     * @param nanos      when the frame was taken
     * @param detections the frame's detections, any order (may be empty)
     * @return every live track after this frame, tentative and lost ones included, by id; most consumers want
     *         {@link TrackSnapshot#confirmed()} ones
     */
    /**
     * The picture jumped (a file camera looped, a stream restarted): every track ends, so that nothing is matched
     * across the jump (a car at the end of a clip and another at its start would make one track driving backwards).
     * Ids keep increasing, so rules keyed by track id never mistake a new track for an old one.
     */
    public void restart() {
        tracks.clear();
        latest = List.of();
    }

    public List<TrackSnapshot> update(long nanos, List<Detection> detections) {
        long now = advanceClock(nanos);
        long maxLost = settings.maxLostNanos();
        tracks.removeIf(t -> now - t.lastSeenNanos() > maxLost);
        double dt = (now - lastNanos) / 1e9;
        lastNanos = now;
        for (Track t : tracks) {
            t.predict(dt);
        }
        tracks.removeIf(t -> !t.usable());

        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        for (Detection d : BoxMatch.usable(detections, settings)) {
            (d.score() >= settings.highScore() ? high : low).add(d);
        }

        List<Track> pool = new ArrayList<>();      // confirmed and lost
        List<Track> tentative = new ArrayList<>();
        for (Track t : tracks) {
            (t.state() == TrackState.TENTATIVE ? tentative : pool).add(t);
        }

        // Stage 1: sure detections against every established track.
        List<Track> unmatched = new ArrayList<>();
        high = associate(pool, high, settings.firstMatchMaxCost(), true, now, unmatched);

        // Stage 2: unsure detections, only for tracks that were being followed until the previous frame.
        List<Track> followed = new ArrayList<>();
        for (Track t : unmatched) {
            if (t.state() == TrackState.CONFIRMED) {
                followed.add(t);
            }
        }
        List<Track> stillUnmatched = new ArrayList<>();
        associate(followed, low, settings.secondMatchMaxCost(), false, now, stillUnmatched);
        stillUnmatched.forEach(Track::markLost);

        // Stage 3: tentative tracks against the sure detections left; a tentative track must not miss a frame.
        List<Track> missed = new ArrayList<>();
        high = associate(tentative, high, settings.tentativeMatchMaxCost(), true, now, missed);
        tracks.removeAll(missed);
        tracks.removeIf(t -> !t.usable());

        birth(high, now);
        latest = tracks.stream().map(Track::snapshot).toList(); // tracks stay in id order: births are appended
        return latest;
    }

    /** The tracks the latest {@link #update} returned. */
    public List<TrackSnapshot> tracks() {
        return latest;
    }

    /** How many tracks were ever started (tentative ones included). */
    public long tracksCreated() {
        return tracksCreated;
    }

    /** How many tracks ever became confirmed: the number of objects this tracker believes it has seen. */
    public long tracksConfirmed() {
        return tracksConfirmed;
    }

    public TrackerSettings settings() {
        return settings;
    }

    /** The frame time to use, handling the first frame and clocks that go backwards (see the class comment). */
    private long advanceClock(long nanos) {
        if (!started) {
            started = true;
            lastNanos = nanos;
            return nanos;
        }
        if (nanos >= lastNanos) {
            return nanos;
        }
        if (lastNanos - nanos > settings.maxLostNanos()) {
            tracks.clear(); // the clock restarted: nothing from before can be matched in its terms
            lastNanos = nanos;
            return nanos;
        }
        return lastNanos;
    }

    /**
     * Matches tracks to detections by optimal assignment on {@code 1 - IoU}; updates the matched tracks, adds the
     * unmatched tracks to {@code unmatchedTracks}, and returns the unmatched detections. With {@code buffered},
     * boxes are compared widened (see {@link TrackerSettings#bufferPerSecond()}).
     */
    private List<Detection> associate(List<Track> ts, List<Detection> ds, double maxCost, boolean buffered,
                                      long now, List<Track> unmatchedTracks) {
        if (ts.isEmpty() || ds.isEmpty()) {
            unmatchedTracks.addAll(ts);
            return ds;
        }
        String[] groups = new String[ds.size()];
        for (int j = 0; j < ds.size(); j++) {
            groups[j] = ClassGroups.of(ds.get(j).label());
        }
        double[][] cost = new double[ts.size()][ds.size()];
        for (int i = 0; i < ts.size(); i++) {
            Track t = ts.get(i);
            BoundingBox predicted = t.box();
            double buffer = buffered ? buffer(t, now) : 0;
            for (int j = 0; j < ds.size(); j++) {
                boolean sameGroup = !settings.classAware() || t.group.equals(groups[j]);
                cost[i][j] = sameGroup ? 1.0 - BoxMatch.iou(predicted, ds.get(j).box(), buffer) : Double.POSITIVE_INFINITY;
            }
        }
        int[] match = Assignment.solve(cost, maxCost);
        boolean[] taken = new boolean[ds.size()];
        for (int i = 0; i < ts.size(); i++) {
            if (match[i] >= 0) {
                taken[match[i]] = true;
                Track t = ts.get(i);
                boolean wasTentative = t.state() == TrackState.TENTATIVE;
                t.update(ds.get(match[i]), now, settings.minHitsToConfirm());
                if (wasTentative && t.state() == TrackState.CONFIRMED) {
                    tracksConfirmed++;
                }
            } else {
                unmatchedTracks.add(ts.get(i));
            }
        }
        List<Detection> left = new ArrayList<>();
        for (int j = 0; j < ds.size(); j++) {
            if (!taken[j]) {
                left.add(ds.get(j));
            }
        }
        return left;
    }

    /**
     * How far boxes are widened to match a track: in proportion to the time since it was last seen, up to the
     * maximum. One frame at 5 fps gives 0.3 (C-BIoU's buffer), one at 25 fps 0.06, nearly ByteTrack's plain IoU:
     * the slower the frames, the farther objects move between them and the less a constant-velocity prediction
     * from two or three boxes can be trusted; a lost track's prediction drifts more the longer it is unseen.
     */
    private double buffer(Track t, long now) {
        double unseen = (now - t.lastSeenNanos()) / 1e9;
        return Math.min(settings.maxBuffer(), settings.bufferPerSecond() * unseen);
    }

    /** Starts tentative tracks from the best left-over detections, as many as the cap allows. */
    private void birth(List<Detection> candidates, long now) {
        List<Detection> sure = new ArrayList<>();
        for (Detection d : candidates) {
            if (d.score() >= settings.newTrackScore()) {
                sure.add(d);
            }
        }
        sure.sort(BoxMatch.BY_SCORE_DESC);
        int room = settings.maxTracks() - tracks.size();
        for (int i = 0; i < Math.min(room, sure.size()); i++) {
            Detection d = sure.get(i);
            String group = settings.classAware() ? ClassGroups.of(d.label()) : "";
            boolean confirmed = settings.minHitsToConfirm() <= 1;
            tracks.add(new Track(nextId++, group, d, now, confirmed ? TrackState.CONFIRMED : TrackState.TENTATIVE,
                    HISTORY));
            tracksCreated++;
            if (confirmed) {
                tracksConfirmed++;
            }
        }
    }
}
