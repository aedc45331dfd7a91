package org.citywatch.analytics.alert.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertFixtures;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AuditEntry;
import org.citywatch.analytics.alert.Evidence;
import org.junit.jupiter.api.Test;

class AlertEventCodecTest {

    private final AlertEventCodec codec = new AlertEventCodec();

    /** Every field set: nanosecond times, an end, audit entries, evidence, whole and fractional counts. */
    static AlertEvent richEvent() {
        Instant t = Instant.parse("2026-11-22T10:15:30.123456789Z");
        Alert a = AlertFixtures.alert("cam-7", t.toEpochMilli());
        a = new Alert(a.id(), 1, a.cameraId(), "Gate \"7\" — north", "Ward 12", a.type(), a.severity(), "plaza",
                "12 persons\nin plaza", a.startedAt(), t, t, null, AlertState.NEW,
                List.of(new AlertObject(7, "person", 0.91f, 1.5f, 2.25f, 30.125f, 80f),
                        new AlertObject(0, "car", 0.3f, -1f, 0f, 1e6f, 3.4028235e38f)),
                Map.of("persons", 12, "median_speed_px_s", 3.75, "big", 5_000_000_000L), 1920, 1080,
                Evidence.NONE, List.of());
        a = a.transitioned(new AuditEntry(t.plusMillis(1500), "op-1", AlertState.NEW, AlertState.ACKNOWLEDGED,
                "seen", "", "on it"));
        a = a.transitioned(new AuditEntry(t.plusSeconds(3), "op-2", AlertState.ACKNOWLEDGED, AlertState.DISPATCHED,
                "", "unit 12", ""));
        a = a.withEvidence(Evidence.NONE.withSnapshot(true).withClip(Evidence.ClipState.FAILED, "disk full"),
                t.plusSeconds(4));
        a = a.ended(t.plusSeconds(5));
        return new AlertEvent("01JD0000000000000000000000", AlertEvent.Kind.ENDED, t.plusSeconds(5), a);
    }

    @Test
    void roundTripGivesAnEqualEvent() {
        AlertEvent e = richEvent();
        String json = codec.encode(e);
        AlertEvent back = codec.decode(json);

        assertThat(back).isEqualTo(e);
        assertThat(back.alert().counts()).containsEntry("persons", 12).containsEntry("median_speed_px_s", 3.75)
                .containsEntry("big", 5_000_000_000L);
        assertThat(back.alert().counts().get("persons")).isInstanceOf(Integer.class);
        assertThat(back.alert().endedAt()).isEqualTo(e.alert().endedAt());
        assertThat(json).doesNotContain("\n").contains("\"kind\":\"ENDED\"", "2026-11-22T10:15:30.123456789Z");
    }

    @Test
    void writesOnlyTheRecordComponents() {
        String json = codec.encode(richEvent());
        // Derived methods (active(), objectCount(), incidentKey(), cameraId() of the event) are not fields.
        assertThat(json).doesNotContain("\"active\"", "\"objectCount\"", "\"incidentKey\"", "\"closed\"")
                .startsWith("{\"eventId\":");
    }

    @Test
    void unknownFieldsAreIgnored() {
        AlertEvent e = richEvent();
        String json = codec.encode(e);
        String newer = "{\"schema\":2," + json.substring(1, json.length() - 1)
                + ",\"origin\":{\"node\":\"n2\"}}";
        newer = newer.replace("\"frameWidth\":", "\"heading\":[1,2],\"frameWidth\":");

        assertThat(codec.decode(newer)).isEqualTo(e);
    }

    @Test
    void malformedTextIsAnIllegalArgument() {
        String good = codec.encode(richEvent());
        assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed alert event");
        assertThatThrownBy(() -> codec.decode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("null")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{\"eventId\":\"x\",\"kind\":\"RAISED\",\"at\":\"2026-01-01T00:00:00Z\"}"))
                .as("no alert").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(good.replace("\"kind\":\"ENDED\"", "\"kind\":\"EXPLODED\"")))
                .as("an unknown kind").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(good.replace("\"version\":5,", "")))
                .as("no version").isInstanceOf(IllegalArgumentException.class);
    }
}
