package org.citywatch.analytics.rules;

import org.citywatch.ingest.camera.Camera;

/** Makes each camera's rules from its configuration (its scene, or the node's defaults). */
@FunctionalInterface
public interface SceneRules {

    /** No rules at all: detection and tracking only. */
    SceneRules NONE = camera -> CameraRules.NONE;

    /**
     * Fresh rules for the camera. A camera whose scene cannot be used gets no rules (and the reason is logged once
     * with its id by the implementation); it must never throw for one camera's bad configuration.
     */
    CameraRules rulesFor(Camera camera);
}
