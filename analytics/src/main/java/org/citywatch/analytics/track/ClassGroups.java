package org.citywatch.analytics.track;

import java.util.Set;

/**
 * Which detections may continue which tracks when the tracker is class-aware. A detector hesitates between close
 * classes (a bus is a truck for one frame, a van a car), and an identity must survive that, so vehicles form one
 * group; persons form another, and every other label is a group of its own.
 */
final class ClassGroups {

    static final String PERSON = "person";
    static final String VEHICLE = "vehicle";
    /** COCO's road vehicles, bicycle included: a parked bicycle and a car must never swap identities with persons. */
    static final Set<String> VEHICLES = Set.of("car", "motorcycle", "bus", "truck", "bicycle");

    private ClassGroups() {
    }

    static String of(String label) {
        return VEHICLES.contains(label) ? VEHICLE : label;
    }
}
