package org.citywatch.bench.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.analytics.incident.ClipMaker;
import org.citywatch.analytics.incident.IncidentSettings;
import org.citywatch.analytics.incident.IncidentTracker;
import org.citywatch.analytics.rules.CameraRules;
import org.citywatch.analytics.rules.Crossing;
import org.citywatch.analytics.rules.Rule;
import org.citywatch.analytics.rules.RuleFactory;
import org.citywatch.analytics.rules.RuleOutput;
import org.citywatch.analytics.rules.SceneFrame;
import org.citywatch.analytics.scene.Tree;
import org.citywatch.analytics.track.ByteTracker;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.analytics.track.TrackerSettings;
import org.citywatch.bench.track.SyntheticScene;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
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

/**
 * The rule engine's cost per analysed frame: {@link #CAMERAS} cameras, each with about {@code tracks} objects in
 * view ({@link SyntheticScene}, 5 fps) and every kind of track rule in its scene (crowd, count, congestion,
 * stopped vehicle, wrong way, intrusion, loitering), their findings turned into alerts by the camera's incident
 * tracker on one in-memory store, crossings into the vehicle counts. Each call is one frame of the next camera in
 * turn. The rules need the tracker's tracks of that frame: the tracker runs in a per-call set-up, outside the
 * measured time (JMH's {@code Level.Invocation}; its own overhead, a few microseconds, is small beside a frame's
 * rules), and {@link #trackOnly} measures the tracker alone in the same run, for scale.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RuleEngineBenchmark {

    static final int CAMERAS = 50;
    static final long FRAME_NANOS = 200_000_000L;
    static final long SEED = 20261206L;

    /** Every track rule, on zones laid over the synthetic view. */
    static final Map<String, Object> SCENE = Map.of(
            "zones", List.of(
                    Map.of("id", "road", "kind", "road",
                            "polygon", List.of(List.of(0, 0.4), List.of(1, 0.4), List.of(1, 1), List.of(0, 1)),
                            "direction", List.of(List.of(0.1, 0.7), List.of(0.9, 0.7))),
                    Map.of("id", "kerb", "kind", "no-stopping",
                            "polygon", List.of(List.of(0, 0.3), List.of(1, 0.3), List.of(1, 0.4), List.of(0, 0.4))),
                    Map.of("id", "plaza", "kind", "plaza",
                            "polygon", List.of(List.of(0, 0), List.of(0.6, 0), List.of(0.6, 0.3), List.of(0, 0.3))),
                    Map.of("id", "yard", "kind", "restricted",
                            "polygon", List.of(List.of(0.6, 0), List.of(1, 0), List.of(1, 0.3), List.of(0.6, 0.3)))),
            "lines", List.of(Map.of("id", "gantry", "from", List.of(0, 0.7), "to", List.of(1, 0.7))),
            "rules", List.of(
                    Map.of("type", "crowd", "zone", "plaza", "minPersons", 10, "minSeconds", 5),
                    Map.of("type", "count", "line", "gantry"),
                    Map.of("type", "congestion", "zone", "road", "minVehicles", 8, "maxSpeedPxS", 10),
                    Map.of("type", "stopped-vehicle", "zone", "kerb", "minSeconds", 30),
                    Map.of("type", "wrong-way", "zone", "road", "minDistance", 0.1),
                    Map.of("type", "intrusion", "zone", "yard"),
                    Map.of("type", "loitering", "zone", "plaza", "minSeconds", 60)));

    /** One camera: its scene replayed, its tracker, rules and incidents. */
    static final class Cam {
        final SyntheticScene scene;
        final ByteTracker tracker;
        final CameraRules rules;
        final IncidentTracker incidents;
        final RuleOutput out = new RuleOutput();
        final String id;
        long frame;

        Cam(int n, int tracks, InMemoryAlertStore store) {
            id = "cam-" + n;
            scene = SyntheticScene.generate(tracks, SEED + n);
            tracker = new ByteTracker(TrackerSettings.defaults().withMaxTracks(Math.max(1024, 2 * tracks)));
            rules = RuleFactory.create(new Tree("scene", SCENE));
            Camera camera = new Camera(id, id, "rtsp://bench/" + n, CameraKind.TRAFFIC, "bench", 0, 0);
            incidents = new IncidentTracker(camera, IncidentSettings.defaults(), store, EvidenceStore.DISCARD,
                    ClipMaker.NONE, rules.outlines());
        }

        List<TrackSnapshot> track() {
            frame++;
            return tracker.update(frame * FRAME_NANOS, scene.frame(frame));
        }
    }

    @State(Scope.Thread)
    public static class Node {
        @Param({"100"})
        public int tracks;

        final List<Cam> cams = new ArrayList<>();
        InMemoryAlertStore store;
        VehicleCounts counts;
        int next;
        final Instant t0 = Instant.parse("2026-12-06T08:00:00Z");

        @Setup(Level.Trial)
        public void setUp() {
            store = new InMemoryAlertStore(100_000);
            counts = VehicleCounts.defaults();
            for (int n = 0; n < CAMERAS; n++) {
                Cam c = new Cam(n, tracks, store);
                for (int f = 0; f < 50; f++) {
                    c.track(); // 10 s: every track rule has state to keep
                }
                cams.add(c);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
        }

        @TearDown(Level.Iteration)
        public void alertsSoFar() {
            System.out.printf(" (alerts so far: %d)", store.query(AlertQuery.recent(AlertQuery.MAX_LIMIT)).size());
        }

        Cam nextCam() {
            Cam c = cams.get(next);
            next = (next + 1) % cams.size();
            return c;
        }
    }

    /** The next camera's frame, tracked before the measured call. */
    @State(Scope.Thread)
    public static class Tracked {
        Cam cam;
        SceneFrame frame;

        @Setup(Level.Invocation)
        public void track(Node node) {
            cam = node.nextCam();
            List<TrackSnapshot> tracks = cam.track();
            long nanos = cam.frame * FRAME_NANOS;
            frame = new SceneFrame(cam.id, nanos, node.t0.plusNanos(nanos), cam.scene.side(), cam.scene.side(),
                    tracks, null);
        }
    }

    @Benchmark
    public List<TrackSnapshot> trackOnly(Node node) {
        return node.nextCam().track();
    }

    @Benchmark
    public int rules(Node node, Tracked t) {
        Cam c = t.cam;
        SceneFrame f = t.frame;
        c.out.clear();
        for (Rule r : c.rules.rules()) {
            r.evaluate(f, c.out);
        }
        for (Crossing x : c.out.crossings()) {
            node.counts.crossed(c.id, x);
        }
        c.incidents.frame(f, c.out.findings());
        return c.out.findings().size();
    }
}
