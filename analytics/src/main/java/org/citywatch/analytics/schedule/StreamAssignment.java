package org.citywatch.analytics.schedule;

import java.util.Objects;

/**
 * One analysed stream in a {@link Plan}.
 *
 * @param cameraId the camera
 * @param role     why it holds a slot
 * @param fps      the rate it may be analysed at (the same fair rate for every stream of one plan)
 */
public record StreamAssignment(String cameraId, AnalysisRole role, double fps) {

    public StreamAssignment {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(role, "role");
    }
}
