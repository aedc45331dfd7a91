package org.citywatch.bench.track;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.track.ByteTracker;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackerSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ByteTracker#update} of a camera's tracker holding about {@code tracks} confirmed tracks, with the
 * frame's detections of a {@link SyntheticScene} (5 fps: time advances 200 ms per call). The tracker is warmed
 * on {@link #WARM_FRAMES} frames first and then keeps running frame after frame across JMH's iterations, so
 * every measured call is a steady-state frame: matched tracks, a few lost and revived, a few born and ended.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TrackerUpdateBenchmark {

    private static final Logger log = LoggerFactory.getLogger(TrackerUpdateBenchmark.class);

    static final long SEED = 20261122L;
    static final long FRAME_NANOS = 200_000_000L;
    /** 10 s: longer than a lost track lives (2 s), so births, losses and ends have all reached their rates. */
    static final int WARM_FRAMES = 50;
    static final int LOAD_FRAMES = 10;

    /** The scene and a tracker fed with it, frame after frame. */
    @State(Scope.Thread)
    public static class Feed {
        @Param({"10", "100", "500"})
        public int tracks;

        SyntheticScene scene;
        ByteTracker tracker;
        long frame;

        @Setup(Level.Trial)
        public void setUp() {
            scene = SyntheticScene.generate(tracks, SEED);
            tracker = newTracker(tracks);
            double[] load = warmUp(scene, tracker);
            frame = WARM_FRAMES;
            log.info("{} objects: {} confirmed of {} live tracks (mean of the last {} warm-up frames)", tracks,
                    load[0], load[1], LOAD_FRAMES);
            // Otherwise the figure would be for a different tracker load than its name says. Some objects are
            // always between tracks (missed, or just re-entered and not yet confirmed): about 5 %.
            if (load[0] < 0.85 * tracks) {
                throw new IllegalStateException("only " + load[0] + " confirmed tracks for " + tracks + " objects");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            log.info("{} objects: {} confirmed of {} live tracks after {} frames", tracks,
                    confirmed(tracker.tracks()), tracker.tracks().size(), frame);
        }

        List<TrackSnapshot> next() {
            List<Detection> detections = scene.frame(frame);
            frame++;
            return tracker.update(frame * FRAME_NANOS, detections);
        }
    }

    /**
     * Feeds the first {@link #WARM_FRAMES} frames; returns the mean numbers of confirmed and of live tracks over the
     * last {@link #LOAD_FRAMES} of them (one frame alone is noisy with 10 objects: a miss or two is 20 %).
     */
    static double[] warmUp(SyntheticScene scene, ByteTracker tracker) {
        double confirmed = 0;
        double live = 0;
        for (int f = 0; f < WARM_FRAMES; f++) {
            List<TrackSnapshot> now = tracker.update((f + 1) * FRAME_NANOS, scene.frame(f));
            if (f >= WARM_FRAMES - LOAD_FRAMES) {
                confirmed += confirmed(now);
                live += now.size();
            }
        }
        return new double[] {Math.round(10 * confirmed / LOAD_FRAMES) / 10.0, Math.round(10 * live / LOAD_FRAMES) / 10.0};
    }

    /** The defaults, with room for every object (the default cap, 512, is close to 500 plus lost and new ones). */
    static ByteTracker newTracker(int objects) {
        return new ByteTracker(TrackerSettings.defaults().withMaxTracks(Math.max(1024, 2 * objects)));
    }

    static long confirmed(List<TrackSnapshot> tracks) {
        return tracks.stream().filter(TrackSnapshot::confirmed).count();
    }

    @Benchmark
    public List<TrackSnapshot> update(Feed f) {
        return f.next();
    }
}
