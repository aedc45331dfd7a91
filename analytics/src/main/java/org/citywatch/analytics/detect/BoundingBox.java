package org.citywatch.analytics.detect;

/**
 * An axis-aligned box in original-frame pixels, corners (x1,y1) top-left and (x2,y2) bottom-right.
 * Floats, because that is the precision the model produces and it halves the memory of long tracks.
 */
public record BoundingBox(float x1, float y1, float x2, float y2) {

    public BoundingBox {
        if (!(x2 >= x1) || !(y2 >= y1)) { // also rejects NaN
            throw new IllegalArgumentException("box corners out of order or NaN: [" + x1 + "," + y1 + "," + x2 + ","
                    + y2 + "]");
        }
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return width() * height();
    }

    public float centerX() {
        return (x1 + x2) * 0.5f;
    }

    public float centerY() {
        return (y1 + y2) * 0.5f;
    }

    /** Intersection over union; 0 when the union is empty (two degenerate boxes). */
    public float iou(BoundingBox other) {
        float iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float union = area() + other.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /** This box with every coordinate clamped to [0,width] x [0,height]. */
    public BoundingBox clip(float width, float height) {
        return new BoundingBox(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(v, max));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[%.1f,%.1f,%.1f,%.1f]", x1, y1, x2, y2);
    }
}
