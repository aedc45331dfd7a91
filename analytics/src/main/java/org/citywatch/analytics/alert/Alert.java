package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An alert raised by a rule.
 *
 * @param id          unique and sortable by creation time ({@link AlertIds})
 * @param cameraId    the camera it was raised on
 * @param cameraName  that camera's name, for display
 * @param type        what it is about
 * @param severity    operator priority
 * @param startedAt   when the condition began to hold
 * @param raisedAt    when the rule raised it
 * @param message     one line for the operator
 * @param objects     the objects involved, as detected in the snapshot frame
 * @param frameWidth  the snapshot's width in pixels
 * @param frameHeight the snapshot's height in pixels
 */
public record Alert(String id, String cameraId, String cameraName, AlertType type, Severity severity,
                    Instant startedAt, Instant raisedAt, String message, List<AlertObject> objects,
                    int frameWidth, int frameHeight) {

    public Alert {
        Objects.requireNonNull(id);
        Objects.requireNonNull(cameraId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(severity);
        objects = List.copyOf(objects);
    }

    public int objectCount() {
        return objects.size();
    }
}
