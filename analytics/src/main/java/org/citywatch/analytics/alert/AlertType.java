package org.citywatch.analytics.alert;

/** What an alert is about: one per rule kind (vehicle counting raises no alert, it counts). */
public enum AlertType {
    /** At least N persons in a zone (or a density of persons per zone area) for at least T seconds. */
    CROWD,
    /** Many slow vehicles in a road zone for at least T seconds. */
    CONGESTION,
    /** A vehicle stationary in a no-stopping zone for at least T seconds. */
    STOPPED_VEHICLE,
    /** A vehicle moving against its road zone's allowed direction. */
    WRONG_WAY,
    /** A person or vehicle inside a restricted zone. */
    INTRUSION,
    /** A person staying in a zone for at least T seconds. */
    LOITERING,
    /** The view is covered, black, blurred, frozen or shifted. */
    CAMERA_TAMPER,
    /** The stream is down for longer than a grace period. */
    CAMERA_OFFLINE
}
