package org.citywatch.ingest.camera;

/** What a camera watches: a traffic junction or road, or a ward (neighbourhood, public space). */
public enum CameraKind {
    TRAFFIC,
    WARD
}
