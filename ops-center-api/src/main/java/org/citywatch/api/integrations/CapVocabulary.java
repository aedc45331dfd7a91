package org.citywatch.api.integrations;

import java.util.List;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * How a CityWatch alert reads in CAP 1.2's closed vocabularies (categories, urgency, severity, certainty, message
 * type). The choices, and why:
 *
 * <table>
 *   <caption>Priority to urgency and severity</caption>
 *   <tr><th>priority</th><th>urgency</th><th>severity</th></tr>
 *   <tr><td>P1 (act now)</td><td>Immediate</td><td>Severe</td></tr>
 *   <tr><td>P2</td><td>Immediate</td><td>Moderate</td></tr>
 *   <tr><td>P3</td><td>Expected</td><td>Minor</td></tr>
 *   <tr><td>P4 (for the record)</td><td>Future</td><td>Minor</td></tr>
 * </table>
 *
 * <ul>
 *   <li>Severity never says Extreme ("extraordinary threat to life or property"): a camera rule cannot know that,
 *       and an operator who does escalates through dispatch, not through this feed.</li>
 *   <li>Urgency is Past once the alert is over (its condition ended, or the workflow resolved it): "responsive action
 *       is no longer required".</li>
 *   <li>Certainty is Likely while only a machine has seen it (NEW), Observed once an operator acknowledged,
 *       dispatched or resolved it, and Unlikely for a false alarm. CAMERA_OFFLINE is Observed from the start: a
 *       stream that is down is a fact, not an inference.</li>
 *   <li>Message type: the first version is an Alert; later versions Update it (they reference the first message);
 *       a false alarm Cancels it. An alert that merely ended is an Update with responseType AllClear, not a Cancel:
 *       a Cancel tells receivers the message should never have been sent, and an ended crowd did happen; AllClear
 *       is what CAP has for "no longer a threat".</li>
 * </ul>
 */
final class CapVocabulary {

    enum MsgType { Alert, Update, Cancel }

    private CapVocabulary() {
    }

    static List<String> categories(AlertType type) {
        return switch (type) {
            case CONGESTION, STOPPED_VEHICLE, WRONG_WAY -> List.of("Transport");
            case CROWD -> List.of("Safety");
            case INTRUSION, LOITERING -> List.of("Security");
            // Tampering is usually someone's doing: the camera (infrastructure) and a security matter.
            case CAMERA_TAMPER -> List.of("Infra", "Security");
            case CAMERA_OFFLINE -> List.of("Infra");
        };
    }

    static String event(AlertType type) {
        return switch (type) {
            case CROWD -> "Crowd";
            case CONGESTION -> "Traffic congestion";
            case STOPPED_VEHICLE -> "Stopped vehicle";
            case WRONG_WAY -> "Wrong-way vehicle";
            case INTRUSION -> "Intrusion";
            case LOITERING -> "Loitering";
            case CAMERA_TAMPER -> "Camera tampering";
            case CAMERA_OFFLINE -> "Camera offline";
        };
    }

    /** Over: the condition ended, or the operators closed the alert. */
    static boolean over(Alert a) {
        return !a.active() || a.state().closed();
    }

    static String urgency(Alert a) {
        if (over(a)) {
            return "Past";
        }
        return switch (a.severity()) {
            case P1, P2 -> "Immediate";
            case P3 -> "Expected";
            case P4 -> "Future";
        };
    }

    static String severity(Severity s) {
        return switch (s) {
            case P1 -> "Severe";
            case P2 -> "Moderate";
            case P3, P4 -> "Minor";
        };
    }

    static String certainty(Alert a) {
        if (a.state() == AlertState.FALSE_ALARM) {
            return "Unlikely";
        }
        if (a.type() == AlertType.CAMERA_OFFLINE || a.state() != AlertState.NEW) {
            return "Observed";
        }
        return "Likely";
    }

    static MsgType msgType(Alert a) {
        if (a.state() == AlertState.FALSE_ALARM) {
            return MsgType.Cancel;
        }
        return a.version() == 1 ? MsgType.Alert : MsgType.Update;
    }
}
