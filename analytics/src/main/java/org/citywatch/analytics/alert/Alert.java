package org.citywatch.analytics.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert: one incident on one camera (one type, one zone), from the moment its rule raised it through its
 * updates to its end, and through the operators' workflow. Immutable; every change makes a new version.
 *
 * @param id          unique and sortable by creation time ({@link AlertIds})
 * @param version     1 when raised, +1 with every change; a store keeps the highest version it has seen
 * @param cameraId    the camera it was raised on
 * @param cameraName  that camera's name, for display
 * @param district    that camera's district (for filtering), possibly empty
 * @param type        what it is about
 * @param severity    operator priority, as configured for the rule
 * @param zoneId      the zone or line it is about; empty for the whole view
 * @param message     one line for the operator, as of the latest update
 * @param startedAt   when the condition began to hold
 * @param raisedAt    when the rule raised it
 * @param updatedAt   the latest change (update, end, workflow step)
 * @param endedAt     when the condition stopped holding; null while it still holds
 * @param state       the workflow state
 * @param objects     the objects involved, as of the latest update
 * @param counts      figures of the latest update (persons, vehicles, median speed …)
 * @param frameWidth  the snapshot's width in pixels
 * @param frameHeight the snapshot's height in pixels
 * @param evidence    which evidence is stored
 * @param audit       every workflow change, oldest first
 */
public record Alert(String id, long version, String cameraId, String cameraName, String district, AlertType type,
                    Severity severity, String zoneId, String message, Instant startedAt, Instant raisedAt,
                    Instant updatedAt, Instant endedAt, AlertState state, List<AlertObject> objects,
                    Map<String, Number> counts, int frameWidth, int frameHeight, Evidence evidence,
                    List<AuditEntry> audit) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(state, "state");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        cameraName = cameraName == null ? cameraId : cameraName;
        district = district == null ? "" : district;
        zoneId = zoneId == null ? "" : zoneId;
        message = message == null ? "" : message;
        objects = List.copyOf(objects == null ? List.of() : objects);
        counts = Map.copyOf(counts == null ? Map.of() : counts);
        evidence = evidence == null ? Evidence.NONE : evidence;
        audit = List.copyOf(audit == null ? List.of() : audit);
    }

    /** A new alert, version 1, state NEW, still active. */
    public static Alert raised(String id, String cameraId, String cameraName, String district, AlertType type,
                               Severity severity, String zoneId, String message, Instant startedAt, Instant raisedAt,
                               List<AlertObject> objects, Map<String, Number> counts, int frameWidth,
                               int frameHeight) {
        return new Alert(id, 1, cameraId, cameraName, district, type, severity, zoneId, message, startedAt, raisedAt,
                raisedAt, null, AlertState.NEW, objects, counts, frameWidth, frameHeight, Evidence.NONE, List.of());
    }

    /** True while the condition still holds. */
    public boolean active() {
        return endedAt == null;
    }

    public int objectCount() {
        return objects.size();
    }

    /** The incident key: one camera, type and zone is one incident at a time. */
    public String incidentKey() {
        return cameraId + "|" + type + "|" + zoneId;
    }

    /** The next version with the latest figures of a rule that still holds (re-activated if it had ended). */
    public Alert updated(Instant at, String newMessage, List<AlertObject> newObjects, Map<String, Number> newCounts) {
        return new Alert(id, version + 1, cameraId, cameraName, district, type, severity, zoneId, newMessage,
                startedAt, raisedAt, at, null, state, newObjects, newCounts, frameWidth, frameHeight, evidence, audit);
    }

    /** The next version, ended at {@code at}. */
    public Alert ended(Instant at) {
        return new Alert(id, version + 1, cameraId, cameraName, district, type, severity, zoneId, message, startedAt,
                raisedAt, at, at, state, objects, counts, frameWidth, frameHeight, evidence, audit);
    }

    /** The next version with other evidence. */
    public Alert withEvidence(Evidence e, Instant at) {
        return new Alert(id, version + 1, cameraId, cameraName, district, type, severity, zoneId, message, startedAt,
                raisedAt, at, endedAt, state, objects, counts, frameWidth, frameHeight, e, audit);
    }

    /**
     * The next version in workflow state {@code entry.to()}, with the entry appended to the audit trail.
     *
     * @throws WorkflowConflict when the workflow does not allow that step from the current state
     */
    public Alert transitioned(AuditEntry entry) {
        if (entry.from() != state || !state.next().contains(entry.to())) {
            throw new WorkflowConflict("alert " + id + " is " + state + "; it cannot become " + entry.to()
                    + (state.next().isEmpty() ? " (its workflow is closed)" : " (allowed: " + state.next() + ")"));
        }
        List<AuditEntry> trail = new ArrayList<>(audit);
        trail.add(entry);
        return new Alert(id, version + 1, cameraId, cameraName, district, type, severity, zoneId, message, startedAt,
                raisedAt, entry.at(), endedAt, entry.to(), objects, counts, frameWidth, frameHeight, evidence, trail);
    }
}
