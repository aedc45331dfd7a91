package org.citywatch.bench.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;

/**
 * A repeatable scene for the tracker: {@code objects} persons and vehicles moving at constant velocities, as the
 * detector would report them at 5 fps, precomputed so that a benchmark pays for the tracker only.
 *
 * <p>The objects live on a torus of side {@code 4 * frames} pixels (about 250 px of room per object, so most
 * boxes overlap nobody, as on a street; at least 2000 px, a camera frame's width) and every velocity is a whole number of sides per {@link #frames()}
 * frames: frame {@code frames()} equals frame 0, so the frames can be replayed in a ring for as long as JMH
 * wants, with time still advancing, and no jump at the seam. An object that crosses an edge reappears on the
 * other side: its track is lost and a new one starts, as objects leave and enter a real view (per frame, one
 * object in about 150 with 10 objects, in about 400 with 500), so the tracker holds about {@code objects} confirmed tracks plus a few lost and tentative
 * ones.
 *
 * <p>Per frame, each box is jittered by about 2 % of its size per coordinate, about 3 % of the detections are
 * missing, and scores are uniform in 0.30-0.95: about 30 % fall under the tracker's high threshold (0.5), so the
 * second association stage has work, and a missed object is a lost track the first stage revives.
 */
public final class SyntheticScene {

    /** Speed unit: pixels per frame; objects move at -3..3 units per axis (up to 60 px/s at 5 fps). */
    static final int UNIT = 4;
    static final double MISSING = 0.03;

    private final List<List<Detection>> frames;
    private final int side;

    private SyntheticScene(List<List<Detection>> frames, int side) {
        this.frames = frames;
        this.side = side;
    }

    /** The side of the square the objects move on, in pixels: the frame size to give the rules. */
    public int side() {
        return side;
    }

    private record Kind(int classId, String label, float width, float height) {
    }

    private static final Kind PERSON = new Kind(0, "person", 40, 100);
    private static final Kind CAR = new Kind(2, "car", 140, 80);
    private static final Kind TRUCK = new Kind(7, "truck", 220, 140);
    private static final Kind BICYCLE = new Kind(1, "bicycle", 60, 50);

    private record Mover(Kind kind, double x, double y, double w, double h, int vx, int vy) {
    }

    /** Generates the scene; the same {@code objects} and {@code seed} always give the same frames. */
    public static SyntheticScene generate(int objects, long seed) {
        if (objects < 1) {
            throw new IllegalArgumentException("objects must be >= 1: " + objects);
        }
        Random rnd = new Random(seed);
        int ring = (int) Math.round(Math.max(2000, 250 * Math.sqrt(objects)) / UNIT);
        int side = UNIT * ring;
        List<Mover> movers = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            float p = rnd.nextFloat();
            Kind kind = p < 0.6f ? PERSON : p < 0.9f ? CAR : p < 0.95f ? TRUCK : BICYCLE;
            double scale = 0.6 + 0.8 * rnd.nextDouble(); // near and far
            movers.add(new Mover(kind, rnd.nextDouble() * side, rnd.nextDouble() * side, kind.width * scale,
                    kind.height * scale, rnd.nextInt(7) - 3, rnd.nextInt(7) - 3));
        }
        List<List<Detection>> frames = new ArrayList<>(ring);
        for (int f = 0; f < ring; f++) {
            List<Detection> frame = new ArrayList<>(objects);
            for (Mover m : movers) {
                if (rnd.nextDouble() < MISSING) {
                    continue;
                }
                double x = Math.floorMod((long) Math.floor(m.x + (double) m.vx * UNIT * f), side)
                        + (m.x - Math.floor(m.x));
                double y = Math.floorMod((long) Math.floor(m.y + (double) m.vy * UNIT * f), side)
                        + (m.y - Math.floor(m.y));
                double jw = 0.02 * m.w;
                double jh = 0.02 * m.h;
                float x1 = (float) (x + jw * rnd.nextGaussian());
                float y1 = (float) (y + jh * rnd.nextGaussian());
                float x2 = (float) (x + m.w + jw * rnd.nextGaussian());
                float y2 = (float) (y + m.h + jh * rnd.nextGaussian());
                float score = 0.30f + 0.65f * rnd.nextFloat();
                frame.add(new Detection(m.kind.classId, m.kind.label, score, new BoundingBox(x1, y1, x2, y2)));
            }
            frames.add(List.copyOf(frame));
        }
        return new SyntheticScene(List.copyOf(frames), side);
    }

    /** How many distinct frames the ring holds. */
    public int frames() {
        return frames.size();
    }

    /** Frame {@code i} of the endless replay (any {@code i >= 0}). */
    public List<Detection> frame(long i) {
        return frames.get((int) (i % frames.size()));
    }
}
