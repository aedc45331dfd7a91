package org.citywatch.analytics.scene;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A polygon on the camera's view, in normalised coordinates so that it survives a change of resolution.
 *
 * @param id        unique within the camera's scene
 * @param kind      what the zone is
 * @param polygon   at least three corners, in order (either way round); the polygon closes itself
 * @param direction for a road, the allowed direction of travel as an arrow drawn on the view (its two ends)
 * @param areaM2    the zone's ground area in square metres when the city measured it (for densities)
 */
public record Zone(String id, ZoneKind kind, List<NormPoint> polygon, Optional<Arrow> direction,
                   Optional<Double> areaM2) {

    /** An arrow on the view: from its tail to its head. */
    public record Arrow(NormPoint from, NormPoint to) {
        public Arrow {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) {
                throw new IllegalArgumentException("a direction needs two different points");
            }
        }

        /** The arrow in pixels of a frame of that size (normalised coordinates stretch differently in x and y). */
        public double dx(int width) {
            return (to.x() - from.x()) * width;
        }

        public double dy(int height) {
            return (to.y() - from.y()) * height;
        }
    }

    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        polygon = List.copyOf(polygon);
        if (polygon.size() < 3) {
            throw new IllegalArgumentException("zone " + id + " needs at least 3 corners, has " + polygon.size());
        }
        if (area(polygon) <= 0) {
            throw new IllegalArgumentException("zone " + id + " has no area (its corners are on one line)");
        }
        direction = direction == null ? Optional.empty() : direction;
        areaM2 = areaM2 == null ? Optional.empty() : areaM2;
        areaM2.ifPresent(a -> {
            if (!(a > 0)) {
                throw new IllegalArgumentException("zone " + id + ": areaM2 must be positive");
            }
        });
    }

    /** Whether the point is inside (even-odd rule; a point on the border may go either way). */
    public boolean contains(NormPoint p) {
        boolean inside = false;
        int n = polygon.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            NormPoint a = polygon.get(i);
            NormPoint b = polygon.get(j);
            if ((a.y() > p.y()) != (b.y() > p.y())
                    && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x()) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** The area as a fraction of the whole view (shoelace formula). */
    public double area() {
        return area(polygon);
    }

    // Static: the compact constructor checks the area before the record's fields are assigned.
    private static double area(List<NormPoint> polygon) {
        double twice = 0;
        int n = polygon.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            twice += (polygon.get(j).x() + polygon.get(i).x()) * (polygon.get(j).y() - polygon.get(i).y());
        }
        return Math.abs(twice) / 2;
    }
}
