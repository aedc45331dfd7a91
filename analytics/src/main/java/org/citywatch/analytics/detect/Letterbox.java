package org.citywatch.analytics.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_ISOLATED;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.sepFilter2D;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.citywatch.assets.ModelDescriptor;

/**
 * Top-left letterbox of a BGR frame into a model input of {@code 3 x height x width} floats, CHW, BGR planes,
 * raw 0..255 (the YOLOX convention): scale by {@code r = min(H/h, W/w)}, resize bilinearly to
 * {@code (int(w*r), int(h*r))}, place at (0,0) on a canvas filled with the pad value.
 *
 * <p><b>Antialiasing.</b> The model's reference detections (models/reference-detections.txt) were computed with
 * an antialiased bilinear resize (PIL's BILINEAR: a triangle filter as wide as the scale factor when shrinking).
 * Plain OpenCV INTER_LINEAR samples only 2x2 source pixels per output pixel, so it aliases when shrinking: on
 * bus.jpg it moves a person's box edge 8.1 px from the reference (over the 8 px bar) and loses the reference's
 * cat on dog.jpg. With {@code antialias} (the default) a frame that is shrunk is first smoothed by that same
 * triangle filter (separable, OpenCV sepFilter2D), then resized with INTER_LINEAR: this reproduces the reference
 * scores within 0.01. It costs about 0.5 ms for 768x576 and 4-5 ms for 1920x1080 on this 2-core machine;
 * frames that are enlarged are never filtered (bilinear enlargement needs no antialiasing).
 *
 * <p>All buffers (the 8-bit canvas, the filtered frame, a byte scratch) live in the instance and are reused frame
 * after frame, so the per-frame cost is the filter, one resize and one conversion pass, with no big allocation. Not thread-safe: one
 * thread at a time. Close it to free the native canvas.
 */
public final class Letterbox implements AutoCloseable {

    /**
     * Where a frame went: {@code scale} maps frame pixels to model pixels; divide model coordinates by it to get
     * back to the frame (no offset, the image is anchored top-left).
     */
    public record Geometry(int frameWidth, int frameHeight, double scale, int resizedWidth, int resizedHeight) {
    }

    private final int width;
    private final int height;
    private final int padValue;
    private final boolean antialias;
    private final Mat canvas;
    private final ByteBuffer canvasView; // a view of the canvas' native memory, no copy
    private final byte[] pixels;
    private final float[] floats; // reused staging for fill(Mat, FloatBuffer)
    private final Scalar pad;
    // Cached for the last frame size: cameras keep their size, so these are made once per stream.
    private Geometry last;
    private Mat roi;
    private Size roiSize;
    private Mat kernel; // triangle kernel for the last scale, null when not shrinking
    private final Mat smoothed = new Mat(); // reused frame-sized buffer of the antialias filter
    private final Point anchor = new Point(-1, -1);

    /** An antialiasing letterbox (see the class comment). */
    public Letterbox(int width, int height, int padValue) {
        this(width, height, padValue, true);
    }

    /**
     * @param antialias smooth frames that are shrunk before the bilinear resize (as the reference does); false
     *                  gives plain OpenCV INTER_LINEAR, as upstream YOLOX's own Python demo does
     */
    public Letterbox(int width, int height, int padValue, boolean antialias) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("letterbox size must be positive: " + width + "x" + height);
        }
        if (padValue < 0 || padValue > 255) {
            throw new IllegalArgumentException("pad value must be 0..255: " + padValue);
        }
        this.width = width;
        this.height = height;
        this.padValue = padValue;
        this.antialias = antialias;
        this.pad = new Scalar(padValue, padValue, padValue, 0);
        this.canvas = new Mat(height, width, CV_8UC3, pad);
        this.canvasView = canvas.createBuffer();
        this.pixels = new byte[3 * width * height];
        this.floats = new float[3 * width * height];
    }

    /** The letterbox a model's descriptor asks for; rejects a preprocessing this class does not implement. */
    public static Letterbox forModel(ModelDescriptor d) {
        ModelDescriptor.Input in = d.input();
        require("colourOrder", in.colourOrder(), "BGR", d);
        require("normalisation", in.normalisation(), "none", d);
        require("letterbox", in.letterbox(), "top-left", d);
        return new Letterbox(in.width(), in.height(), in.padValue());
    }

    private static void require(String what, String actual, String supported, ModelDescriptor d) {
        if (!supported.equalsIgnoreCase(actual)) {
            throw new IllegalArgumentException("model " + d.name() + ": " + what + " '" + actual
                    + "' is not supported by Letterbox (only '" + supported + "')");
        }
    }

    /** The geometry for a frame size, computed exactly as the reference (double precision, truncation). */
    public static Geometry geometry(int frameWidth, int frameHeight, int width, int height) {
        if (frameWidth <= 0 || frameHeight <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + frameWidth + "x" + frameHeight);
        }
        double r = Math.min((double) height / frameHeight, (double) width / frameWidth);
        // int() truncation as in the reference; at least 1 px so a 1x5000 frame still resizes.
        int rw = Math.max(1, Math.min(width, (int) (frameWidth * r)));
        int rh = Math.max(1, Math.min(height, (int) (frameHeight * r)));
        return new Geometry(frameWidth, frameHeight, r, rw, rh);
    }

    public Geometry geometry(int frameWidth, int frameHeight) {
        return geometry(frameWidth, frameHeight, width, height);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Floats one model input holds: 3 * height * width. */
    public int size() {
        return 3 * width * height;
    }

    /** A direct, native-order buffer of {@link #size()} floats: ONNX Runtime can use it without a copy. */
    public FloatBuffer newDirectBuffer() {
        return ByteBuffer.allocateDirect(Float.BYTES * size()).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Letterboxes the frame into {@code out[0 .. size())}, planes B, G, R. */
    public Geometry fill(Mat bgrFrame, float[] out) {
        if (out.length < size()) {
            throw new IllegalArgumentException("output holds " + out.length + " floats, needs " + size());
        }
        Geometry g = letterbox(bgrFrame);
        int plane = width * height;
        byte[] px = pixels;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[i] = px[p] & 0xFF;
            out[plane + i] = px[p + 1] & 0xFF;
            out[2 * plane + i] = px[p + 2] & 0xFF;
        }
        return g;
    }

    /**
     * Letterboxes the frame into {@code out}, absolute indices 0 .. size() (position and limit untouched), planes
     * B, G, R.
     */
    public Geometry fill(Mat bgrFrame, FloatBuffer out) {
        if (out.capacity() < size()) {
            throw new IllegalArgumentException("output holds " + out.capacity() + " floats, needs " + size());
        }
        // Planes into a reused heap array, then one bulk copy: per-element puts into a direct buffer cost
        // about a sixth of a worker's time in the 50-stream profile (JFR), the bulk copy is a memcpy.
        Geometry g = fill(bgrFrame, floats);
        out.put(0, floats, 0, size());
        return g;
    }

    /** Resizes the frame into the canvas and copies the canvas bytes (HWC, BGR) into {@link #pixels}. */
    private Geometry letterbox(Mat frame) {
        checkFrame(frame);
        Geometry g = geometry(frame.cols(), frame.rows());
        if (last == null || last.resizedWidth() != g.resizedWidth() || last.resizedHeight() != g.resizedHeight()) {
            // The resize only ever writes the ROI, so the padding needs painting once per frame size.
            releaseRoi();
            canvas.put(pad);
            try (Rect r = new Rect(0, 0, g.resizedWidth(), g.resizedHeight())) {
                roi = new Mat(canvas, r);
            }
            roiSize = new Size(g.resizedWidth(), g.resizedHeight());
        }
        if (last == null || last.scale() != g.scale()) {
            releaseKernel();
            kernel = antialias && g.scale() < 1 ? triangleKernel(1 / g.scale()) : null;
        }
        last = g;
        Mat source = frame;
        if (kernel != null) {
            // Same-size 8-bit output; smoothed keeps its memory while the frame size stays the same.
            // ISOLATED: a ROI frame is filtered as an image of its own, never reading its parent's pixels.
            sepFilter2D(frame, smoothed, -1, kernel, kernel, anchor, 0, BORDER_REFLECT | BORDER_ISOLATED);
            source = smoothed;
        }
        // dst is a ROI of the right size and type, so OpenCV writes into the canvas without reallocating.
        resize(source, roi, roiSize, 0, 0, INTER_LINEAR);
        canvasView.get(0, pixels);
        return g;
    }

    /** Throws an IllegalArgumentException saying what is wrong with a frame this class cannot take. */
    public static void checkFrame(Mat frame) {
        if (frame == null || frame.isNull()) {
            throw new IllegalArgumentException("frame is null");
        }
        if (frame.empty() || frame.cols() <= 0 || frame.rows() <= 0) {
            throw new IllegalArgumentException("frame is empty (no pixels); expected an 8-bit 3-channel BGR image");
        }
        if (frame.type() != CV_8UC3) {
            throw new IllegalArgumentException("frame type is " + typeName(frame.type()) + " (" + frame.cols() + "x"
                    + frame.rows() + "); expected CV_8UC3, an 8-bit 3-channel BGR image. Convert grey frames with "
                    + "cvtColor(COLOR_GRAY2BGR) and BGRA with COLOR_BGRA2BGR");
        }
    }

    static String typeName(int type) {
        String[] depths = {"8U", "8S", "16U", "16S", "32S", "32F", "64F", "16F"};
        return String.format(Locale.ROOT, "CV_%sC%d", depths[type & 7], (type >> 3) + 1);
    }

    /**
     * PIL's bilinear filter when shrinking by {@code factor}: weights {@code max(0, 1 - |i|/factor)} for integer
     * offsets i, normalised. Followed by a bilinear resize it matches PIL's resampling to within rounding.
     */
    static Mat triangleKernel(double factor) {
        int radius = (int) Math.ceil(factor);
        float[] w = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            w[i + radius] = (float) Math.max(0, 1 - Math.abs(i) / factor);
            sum += w[i + radius];
        }
        Mat k = new Mat(w.length, 1, CV_32F);
        FloatBuffer view = k.createBuffer();
        for (int i = 0; i < w.length; i++) {
            view.put(i, w[i] / sum);
        }
        return k;
    }

    private void releaseKernel() {
        if (kernel != null) {
            kernel.close();
            kernel = null;
        }
    }

    public boolean antialias() {
        return antialias;
    }

    private void releaseRoi() {
        if (roi != null) {
            roi.close();
            roi = null;
        }
        if (roiSize != null) {
            roiSize.close();
            roiSize = null;
        }
    }

    public int padValue() {
        return padValue;
    }

    @Override
    public void close() {
        releaseRoi();
        releaseKernel();
        smoothed.close();
        anchor.close();
        canvas.close();
        pad.close();
    }
}
