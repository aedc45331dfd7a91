package org.citywatch.analytics.tamper;

/**
 * What one look at a camera's view measured, on a small grey copy of the frame.
 *
 * @param mean        mean grey level, 0..255
 * @param contrast    standard deviation of the grey levels: near 0 for a covered or black view
 * @param sharpness   variance of the Laplacian: how much fine detail the view shows (falls when it is defocused)
 * @param change      mean absolute grey difference from the previous look; NaN on the first look
 * @param match       how well the middle of the camera's learnt reference is found in the view (normalised
 *                    correlation, -1..1); NaN while no reference is learnt yet
 * @param offset      how far from its place it was found, as a fraction of the view's width; NaN without reference
 */
public record ViewStats(double mean, double contrast, double sharpness, double change, double match, double offset) {
}
