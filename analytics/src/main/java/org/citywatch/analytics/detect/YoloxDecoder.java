package org.citywatch.analytics.detect;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.assets.ModelDescriptor;

/**
 * Decodes the raw YOLOX output {@code [rows, 5 + classes]} into detections, in pure Java.
 *
 * <p>Rows are the stride grids in order (52x52 at stride 8, 26x26 at 16, 13x13 at 32 for a 416 input), row
 * index {@code gy*G + gx} within a grid. Columns are {@code tx, ty, tw, th, obj, cls...}, obj and cls already
 * sigmoid. Box: {@code cx=(tx+gx)*s, cy=(ty+gy)*s, w=exp(tw)*s, h=exp(th)*s}. Every class whose
 * {@code obj*cls >= threshold} gives a candidate (a cell can yield a dog and a cat, as the reference does), then
 * class-aware NMS, then coordinates are divided by the letterbox scale and clipped to the frame.
 *
 * <p>Immutable, so thread-safe; the tables of grid cells are built once.
 */
public final class YoloxDecoder {

    private final int classes;
    private final int columns;
    private final int rows;
    private final float scoreThreshold;
    private final double nmsIou;
    private final List<String> labels;
    // Per output row: its grid cell and stride. 3 small int arrays instead of recomputing per frame.
    private final int[] gridX;
    private final int[] gridY;
    private final int[] stride;

    public YoloxDecoder(int inputWidth, int inputHeight, List<Integer> strides, List<String> labels,
                        double scoreThreshold, double nmsIou) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no class labels");
        }
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1) || !(nmsIou >= 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("thresholds must be in [0,1]: score " + scoreThreshold + ", IoU "
                    + nmsIou);
        }
        this.labels = List.copyOf(labels);
        this.classes = labels.size();
        this.columns = 5 + classes;
        // Scores are float32 products; comparing against the float threshold matches a float32 reference.
        this.scoreThreshold = (float) scoreThreshold;
        this.nmsIou = nmsIou;
        int n = 0;
        for (int s : strides) {
            if (s <= 0 || inputWidth % s != 0 || inputHeight % s != 0) {
                throw new IllegalArgumentException("stride " + s + " does not divide the input " + inputWidth + "x"
                        + inputHeight);
            }
            n += (inputWidth / s) * (inputHeight / s);
        }
        this.rows = n;
        this.gridX = new int[n];
        this.gridY = new int[n];
        this.stride = new int[n];
        int row = 0;
        for (int s : strides) {
            int gw = inputWidth / s;
            int gh = inputHeight / s;
            for (int gy = 0; gy < gh; gy++) {
                for (int gx = 0; gx < gw; gx++, row++) {
                    gridX[row] = gx;
                    gridY[row] = gy;
                    stride[row] = s;
                }
            }
        }
    }

    /** The decoder a descriptor describes, with the class names read from its labels file. */
    public static YoloxDecoder forModel(ModelDescriptor d, List<String> labels) {
        if (!"yolox".equalsIgnoreCase(d.output().format())) {
            throw new IllegalArgumentException("model " + d.name() + ": output format '" + d.output().format()
                    + "' is not yolox");
        }
        return new YoloxDecoder(d.input().width(), d.input().height(), d.output().strides(), labels,
                d.output().scoreThreshold(), d.output().nmsIou());
    }

    /** Rows of the raw output (3549 for a 416x416 input). */
    public int rows() {
        return rows;
    }

    /** Columns of the raw output: 5 + number of classes. */
    public int columns() {
        return columns;
    }

    public List<String> labels() {
        return labels;
    }

    /** Decodes a raw output held in an array of exactly {@code rows()*columns()} floats. */
    public List<Detection> decode(float[] raw, Letterbox.Geometry g) {
        return decode(FloatBuffer.wrap(raw), g);
    }

    /**
     * Decodes {@code rows()*columns()} floats starting at the buffer's position (which is not moved).
     * Returned detections are in frame pixels, by descending score.
     */
    public List<Detection> decode(FloatBuffer raw, Letterbox.Geometry g) {
        if (raw.remaining() != rows * columns) {
            throw new IllegalArgumentException("raw output has " + raw.remaining() + " floats, expected " + rows
                    + " x " + columns + " = " + rows * columns);
        }
        int base = raw.position();
        List<Detection> candidates = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            int o = base + row * columns;
            float obj = raw.get(o + 4);
            // cls <= 1, so obj below the threshold rules out every class of the cell (and skips NaN).
            if (!(obj >= scoreThreshold)) {
                continue;
            }
            BoundingBox box = null;
            for (int c = 0; c < classes; c++) {
                float score = obj * raw.get(o + 5 + c);
                if (score >= scoreThreshold) {
                    if (box == null) {
                        box = cellBox(raw, o, row);
                        if (box == null) {
                            break;
                        }
                    }
                    candidates.add(new Detection(c, labels.get(c), score, box));
                }
            }
        }
        // NMS in model pixels: IoU is unchanged by the uniform scale, and clipping first would distort it.
        List<Detection> kept = Nms.apply(candidates, nmsIou);
        List<Detection> out = new ArrayList<>(kept.size());
        float inv = (float) (1.0 / g.scale());
        for (Detection d : kept) {
            BoundingBox b = d.box();
            BoundingBox mapped = new BoundingBox(b.x1() * inv, b.y1() * inv, b.x2() * inv, b.y2() * inv)
                    .clip(g.frameWidth(), g.frameHeight());
            // A box lying wholly in the padding clips to nothing; it is not an object of the frame.
            if (mapped.width() > 0 && mapped.height() > 0) {
                out.add(new Detection(d.classId(), d.label(), d.score(), mapped));
            }
        }
        return out;
    }

    /** The box of one row in model pixels, or null if the model produced a non-finite value. */
    private BoundingBox cellBox(FloatBuffer raw, int o, int row) {
        float s = stride[row];
        float cx = (raw.get(o) + gridX[row]) * s;
        float cy = (raw.get(o + 1) + gridY[row]) * s;
        float w = (float) Math.exp(raw.get(o + 2)) * s;
        float h = (float) Math.exp(raw.get(o + 3)) * s;
        if (!Float.isFinite(cx) || !Float.isFinite(cy) || !Float.isFinite(w) || !Float.isFinite(h)) {
            return null;
        }
        return new BoundingBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }
}
