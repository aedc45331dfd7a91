package org.citywatch.analytics.track;

import org.citywatch.analytics.detect.BoundingBox;

/**
 * A constant-velocity Kalman filter of one box, in the state ByteTrack and DeepSORT use:
 * {@code [cx, cy, a, h, vcx, vcy, va, vh]} (centre, aspect ratio w/h, height, and their rates of change), with
 * process and measurement noise proportional to the box height, so that a near, large object may move more pixels
 * than a far, small one (and, unlike ByteTrack, the aspect ratio's noise proportional to itself: see
 * {@link #scale(int)}).
 *
 * <p><b>Real time, not frames.</b> Velocities are per second and {@link #predict(double)} takes the seconds elapsed,
 * because analytics samples 2-5 frames per second and frames arrive at irregular intervals. ByteTrack's noise
 * weights ({@code std_weight_position = 1/20}, {@code std_weight_velocity = 1/160}) are per frame of its 30 fps
 * benchmark video; here they are per {@link #REFERENCE_FRAME_SECONDS} and become the rates of a continuous-time
 * model (position and velocity each diffusing, as a random walk, at those rates), whose exact discretisation over
 * {@code dt} is {@code Q = [[qp dt + qv dt^3/3, qv dt^2/2], [qv dt^2/2, qv dt]]}. So a 0.2 s step adds about the
 * noise of six ByteTrack frames, and, the height being unchanged, two 0.1 s steps give exactly what one 0.2 s step
 * gives: the estimate does not depend on how time was cut into frames.
 *
 * <p><b>No matrices.</b> The transition moves each coordinate by its own velocity, the measurement observes each
 * coordinate alone, and every noise matrix is diagonal, so the 8x8 covariance stays block-diagonal: exactly four
 * independent filters of a (position, velocity) pair, each with a 2x2 covariance. The formulas below are the general
 * Kalman equations written out for that structure; this is not an approximation.
 *
 * <p>Mutable, not thread-safe: one per track.
 */
final class KalmanBoxFilter {

    static final double STD_WEIGHT_POSITION = 1.0 / 20;
    static final double STD_WEIGHT_VELOCITY = 1.0 / 160;
    static final double ASPECT_STD_WEIGHT_VELOCITY = 1e-5;
    /** The frame interval ByteTrack's per-frame noise weights were tuned at (MOT17, 30 fps). */
    static final double REFERENCE_FRAME_SECONDS = 1.0 / 30;

    private static final int CX = 0;
    private static final int CY = 1;
    private static final int ASPECT = 2;
    private static final int HEIGHT = 3;

    // Per coordinate k (cx, cy, a, h): the mean position and velocity, and the covariance [[pp, pv], [pv, vv]].
    private final double[] pos = new double[4];
    private final double[] vel = new double[4];
    private final double[] pp = new double[4];
    private final double[] pv = new double[4];
    private final double[] vv = new double[4];

    /** A filter started from one measured box, at rest with a wide velocity uncertainty (ByteTrack's initiate). */
    KalmanBoxFilter(BoundingBox box) {
        double h = box.height();
        pos[CX] = box.centerX();
        pos[CY] = box.centerY();
        pos[ASPECT] = box.width() / h;
        pos[HEIGHT] = h;
        for (int k = 0; k < 4; k++) {
            double sp = 2 * positionStd(k);
            double sv = 10 * velocityStdPerSecond(k);
            pp[k] = sp * sp;
            vv[k] = sv * sv;
        }
    }

    /** Moves the state {@code dt} seconds ahead; {@code dt <= 0} (or NaN) changes nothing. */
    void predict(double dt) {
        if (!(dt > 0)) {
            return;
        }
        double dt2 = dt * dt;
        for (int k = 0; k < 4; k++) {
            double sp = positionStd(k);
            double sv = velocityStdPerSecond(k);
            // Diffusion rates per second: the per-reference-frame variances spread over one reference frame.
            double qp = sp * sp / REFERENCE_FRAME_SECONDS;
            double qv = sv * sv / REFERENCE_FRAME_SECONDS;
            pos[k] += vel[k] * dt;
            // P' = F P F^T + Q with F = [[1, dt], [0, 1]].
            pp[k] += 2 * dt * pv[k] + dt2 * vv[k] + qp * dt + qv * dt2 * dt / 3;
            pv[k] += dt * vv[k] + qv * dt2 / 2;
            vv[k] += qv * dt;
        }
    }

    /** Corrects the state with a measured box. */
    void update(BoundingBox box) {
        double[] z = {box.centerX(), box.centerY(), box.width() / box.height(), box.height()};
        for (int k = 0; k < 4; k++) {
            double sm = positionStd(k); // from the prediction, not the measurement, as ByteTrack does
            double s = pp[k] + sm * sm;
            double gainPos = pp[k] / s;
            double gainVel = pv[k] / s;
            double innovation = z[k] - pos[k];
            pos[k] += gainPos * innovation;
            vel[k] += gainVel * innovation;
            double oldPp = pp[k];
            double oldPv = pv[k];
            pp[k] = oldPp - gainPos * oldPp;
            pv[k] = oldPv - gainPos * oldPv;
            vv[k] = vv[k] - gainVel * oldPv;
        }
    }

    /**
     * Forgets the rates of change of the height (as ByteTrack does before predicting a lost track) and of the
     * aspect ratio: otherwise a box that was shrinking when the object vanished (a car leaving by the frame's edge
     * is cut narrower frame by frame) keeps shrinking, to nothing, while nobody sees it.
     */
    void stopShapeChange() {
        vel[HEIGHT] = 0;
        vel[ASPECT] = 0;
    }

    /** The estimated box, or null when the state no longer describes one (non-finite, or no height). */
    BoundingBox box() {
        double h = pos[HEIGHT];
        double w = pos[ASPECT] * h;
        if (!isFinite() || !(h > 0) || !(w > 0)) {
            return null;
        }
        float x1 = (float) (pos[CX] - w / 2);
        float y1 = (float) (pos[CY] - h / 2);
        float x2 = (float) (pos[CX] + w / 2);
        float y2 = (float) (pos[CY] + h / 2);
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            return null;
        }
        return new BoundingBox(x1, y1, Math.max(x1, x2), Math.max(y1, y2));
    }

    boolean isFinite() {
        for (int k = 0; k < 4; k++) {
            if (!Double.isFinite(pos[k]) || !Double.isFinite(vel[k]) || !Double.isFinite(pp[k])
                    || !Double.isFinite(pv[k]) || !Double.isFinite(vv[k])) {
                return false;
            }
        }
        return true;
    }

    double centerX() {
        return pos[CX];
    }

    double centerY() {
        return pos[CY];
    }

    double height() {
        return pos[HEIGHT];
    }

    double aspect() {
        return pos[ASPECT];
    }

    /** Horizontal velocity of the centre, pixels per second (positive: to the right). */
    double vx() {
        return vel[CX];
    }

    /** Vertical velocity of the centre, pixels per second (positive: down the image). */
    double vy() {
        return vel[CY];
    }

    /** Rate of change of the height, pixels per second. */
    double vh() {
        return vel[HEIGHT];
    }

    /** Variance of the centre's x position, for tests. */
    double varianceX() {
        return pp[CX];
    }

    /**
     * The noise scale of coordinate k: the height for the centre and the height, the aspect ratio itself for the
     * aspect ratio. ByteTrack gives the aspect ratio fixed, tiny noise (1e-2 process, 1e-1 measurement), which
     * nearly freezes it at its first value: on the highway clip a car entering at the bottom edge (its box cut
     * by the edge, then whole) kept the wide aspect of its first box, its predicted box stopped overlapping it
     * and it got a second identity. Relative noise, as BoT-SORT gives the width, lets the shape follow.
     */
    private double scale(int k) {
        return k == ASPECT ? Math.abs(pos[ASPECT]) : Math.abs(pos[HEIGHT]);
    }

    private double positionStd(int k) {
        return STD_WEIGHT_POSITION * scale(k);
    }

    /**
     * ByteTrack's per-frame velocity noise, converted to per-second units. The aspect ratio keeps ByteTrack's
     * near-zero velocity noise (1e-5, here relative): its changes are noise around a shape, not a motion to
     * carry on. With a velocity it could learn, a car whose box went from cut by the edge (wide) to whole
     * (narrower) in two frames was predicted to have a negative width one frame later.
     */
    private double velocityStdPerSecond(int k) {
        double weight = k == ASPECT ? ASPECT_STD_WEIGHT_VELOCITY : STD_WEIGHT_VELOCITY;
        return weight * scale(k) / REFERENCE_FRAME_SECONDS;
    }
}
