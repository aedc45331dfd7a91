package org.citywatch.analytics.tamper;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.TM_CCOEFF_NORMED;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.matchTemplate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Measures a view cheaply: the frame is shrunk once to {@link #WIDTH} pixels wide and made grey (about 0.2 ms),
 * then its brightness, contrast, sharpness, change since the last look and likeness to a reference are read off
 * that copy. The coarse copy ({@link #COARSE_W} x {@link #COARSE_H}) is what the reference is learnt on: coarse
 * enough that people and cars passing barely move it, fine enough that a turned camera does. The middle of the
 * reference is searched for in the view: found where it was, the camera has not moved, whatever passes in front.
 * Keeps its buffers between calls (no allocation per look); not thread-safe.
 */
final class ViewMeasure implements AutoCloseable {

    static final int WIDTH = 160;
    static final int COARSE_W = 80;
    static final int COARSE_H = 45;
    /** How far the middle of the reference may be found from where it was: 20 % of the view each way. */
    static final int MARGIN_X = 16;
    static final int MARGIN_Y = 9;

    private final Mat small = new Mat();
    private final Mat grey = new Mat();
    private final Mat previous = new Mat();
    private final Mat diff = new Mat();
    private final Mat laplacian = new Mat();
    private final Mat coarse = new Mat();
    private final Mat coarseFloat = new Mat();
    private final Mat reference = new Mat(COARSE_H, COARSE_W, CV_32F);
    private final Mat match = new Mat();
    private final Mat meanOut = new Mat();
    private final Mat stdOut = new Mat();
    private final Size coarseSize = new Size(COARSE_W, COARSE_H);
    private final Rect middleRect = new Rect(MARGIN_X, MARGIN_Y, COARSE_W - 2 * MARGIN_X, COARSE_H - 2 * MARGIN_Y);
    private final DoublePointer maxValue = new DoublePointer(1);
    private final Point maxAt = new Point();
    private Size smallSize;
    private boolean hasPrevious;
    private boolean hasReference;

    /** Measures the BGR frame and keeps it as the previous look. */
    ViewStats measure(Mat bgr) {
        int height = Math.max(1, (int) Math.round((double) bgr.rows() * WIDTH / bgr.cols()));
        if (smallSize == null || smallSize.height() != height) {
            if (smallSize != null) {
                smallSize.close();
            }
            smallSize = new Size(WIDTH, height);
            hasPrevious = false; // another frame size: the previous look cannot be compared
        }
        resize(bgr, small, smallSize, 0, 0, INTER_AREA);
        cvtColor(small, grey, COLOR_BGR2GRAY);

        meanStdDev(grey, meanOut, stdOut);
        double mean = first(meanOut);
        double contrast = first(stdOut);

        Laplacian(grey, laplacian, CV_64F);
        meanStdDev(laplacian, meanOut, stdOut);
        double sd = first(stdOut);
        double sharpness = sd * sd;

        double change = Double.NaN;
        if (hasPrevious) {
            absdiff(grey, previous, diff);
            try (Scalar s = mean(diff)) {
                change = s.get(0);
            }
        }
        grey.copyTo(previous);
        hasPrevious = true;

        resize(grey, coarse, coarseSize, 0, 0, INTER_AREA);
        coarse.convertTo(coarseFloat, CV_32F);
        double likeness = Double.NaN;
        double offset = Double.NaN;
        if (hasReference) {
            // The middle of the reference, searched for in the whole view: a camera that turned shows it
            // elsewhere (an offset), one that looks at something else shows it nowhere (a low likeness).
            try (Mat middle = reference.apply(middleRect)) {
                matchTemplate(coarseFloat, middle, match, TM_CCOEFF_NORMED);
            }
            minMaxLoc(match, null, maxValue, null, maxAt, null);
            likeness = Double.isFinite(maxValue.get()) ? maxValue.get() : 0; // flat: nothing to match
            offset = Math.hypot(maxAt.x() - MARGIN_X, maxAt.y() - MARGIN_Y) / COARSE_W;
        }
        return new ViewStats(mean, contrast, sharpness, change, likeness, offset);
    }

    /**
     * Moves the reference towards the last measured view by {@code weight} (1 takes it as it is). A running
     * average forgets slowly: lighting that changes over the day follows, a single car does not stay.
     */
    void learn(double weight) {
        if (!hasReference || weight >= 1) {
            coarseFloat.copyTo(reference);
            hasReference = true;
            return;
        }
        addWeighted(reference, 1 - weight, coarseFloat, weight, 0, reference);
    }

    boolean hasReference() {
        return hasReference;
    }

    /** Forgets the reference (a camera that was moved on purpose is learnt anew). */
    void forgetReference() {
        hasReference = false;
    }

    /** The one value of meanStdDev's 1x1 double output. */
    private static double first(Mat m) {
        try (DoubleIndexer at = m.createIndexer()) {
            return at.get(0);
        }
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {small, grey, previous, diff, laplacian, coarse, coarseFloat, reference, match,
                meanOut, stdOut}) {
            m.close();
        }
        coarseSize.close();
        middleRect.close();
        maxValue.close();
        maxAt.close();
        if (smallSize != null) {
            smallSize.close();
        }
    }
}
