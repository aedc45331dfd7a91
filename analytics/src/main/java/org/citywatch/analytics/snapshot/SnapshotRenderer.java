package org.citywatch.analytics.snapshot;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.citywatch.analytics.detect.Detection;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.analytics.track.TrackSnapshot;

/** Draws detection boxes on a copy of a frame and encodes it as JPEG, with OpenCV (no BufferedImage). */
public final class SnapshotRenderer {

    private static final int JPEG_QUALITY = 80;
    // BGR colours: persons in orange, vehicles in cyan, anything else in white.
    private static final Scalar PERSON = new Scalar(0, 140, 255, 0);
    private static final Scalar VEHICLE = new Scalar(255, 220, 0, 0);
    private static final Scalar OTHER = new Scalar(255, 255, 255, 0);
    private static final Scalar ZONE = new Scalar(60, 60, 255, 0); // red
    private static final List<String> VEHICLES = List.of("bicycle", "car", "motorcycle", "bus", "truck");

    private SnapshotRenderer() {
    }

    /** A JPEG of the frame with the detections drawn on it; the frame itself is not changed. */
    public static byte[] render(Mat bgrFrame, List<Detection> detections) {
        try (Mat canvas = bgrFrame.clone()) {
            int thickness = Math.max(2, canvas.cols() / 400);
            double fontScale = Math.max(0.5, canvas.cols() / 1400.0);
            for (Detection d : detections) {
                Scalar colour = colour(d.label());
                try (Point p1 = new Point(Math.round(d.box().x1()), Math.round(d.box().y1()));
                     Point p2 = new Point(Math.round(d.box().x2()), Math.round(d.box().y2()));
                     Point text = new Point(p1.x(), Math.max(12, p1.y() - 4))) {
                    rectangle(canvas, p1, p2, colour, thickness, LINE_AA, 0);
                    putText(canvas, String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()), text,
                            FONT_HERSHEY_SIMPLEX, fontScale, colour, Math.max(1, thickness / 2), LINE_AA, false);
                }
            }
            return encodeJpeg(canvas);
        }
    }

    /**
     * A JPEG of the frame with tracks drawn on it: each box labelled with the track id and its class, so that
     * an operator can follow one object across tiles refreshed once a second.
     */
    public static byte[] renderTracks(Mat bgrFrame, List<TrackSnapshot> tracks) {
        try (Mat canvas = bgrFrame.clone()) {
            int thickness = Math.max(1, canvas.cols() / 400);
            double fontScale = Math.max(0.4, canvas.cols() / 1400.0);
            drawTracks(canvas, tracks, thickness, fontScale);
            return encodeJpeg(canvas);
        }
    }

    /**
     * The evidence JPEG of an alert: the frame with the involved tracks' boxes and the zone's outline (a polygon) or
     * the line (two points) drawn, in normalised coordinates.
     */
    public static byte[] renderIncident(Mat bgrFrame, List<TrackSnapshot> involved, List<NormPoint> outline) {
        try (Mat canvas = bgrFrame.clone()) {
            int thickness = Math.max(2, canvas.cols() / 400);
            double fontScale = Math.max(0.4, canvas.cols() / 1400.0);
            int segments = outline.size() > 2 ? outline.size() : outline.size() - 1; // a polygon closes, a line not
            for (int i = 0; i < segments; i++) {
                NormPoint a = outline.get(i);
                NormPoint b = outline.get((i + 1) % outline.size());
                try (Point p1 = new Point((int) Math.round(a.x() * canvas.cols()), (int) Math.round(a.y() * canvas.rows()));
                     Point p2 = new Point((int) Math.round(b.x() * canvas.cols()), (int) Math.round(b.y() * canvas.rows()))) {
                    line(canvas, p1, p2, ZONE, thickness, LINE_AA, 0);
                }
            }
            drawTracks(canvas, involved, thickness, fontScale);
            return encodeJpeg(canvas);
        }
    }

    /** Each track's box, labelled with its id and class. */
    private static void drawTracks(Mat canvas, List<TrackSnapshot> tracks, int thickness, double fontScale) {
        for (TrackSnapshot t : tracks) {
            Scalar colour = colour(t.label());
            try (Point p1 = new Point(Math.round(t.box().x1()), Math.round(t.box().y1()));
                 Point p2 = new Point(Math.round(t.box().x2()), Math.round(t.box().y2()));
                 Point text = new Point(p1.x(), Math.max(12, p1.y() - 4))) {
                rectangle(canvas, p1, p2, colour, thickness, LINE_AA, 0);
                putText(canvas, "#" + t.id() + " " + t.label(), text, FONT_HERSHEY_SIMPLEX, fontScale, colour,
                        1, LINE_AA, false);
            }
        }
    }

    private static Scalar colour(String label) {
        return label.equals("person") ? PERSON : VEHICLES.contains(label) ? VEHICLE : OTHER;
    }

    /** The frame as JPEG, as it is. */
    public static byte[] encodeJpeg(Mat bgrFrame) {
        try (BytePointer buffer = new BytePointer();
             org.bytedeco.javacpp.IntPointer params = new org.bytedeco.javacpp.IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
            if (!imencode(".jpg", bgrFrame, buffer, params)) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            byte[] out = new byte[(int) buffer.limit()];
            buffer.get(out);
            return out;
        }
    }
}
