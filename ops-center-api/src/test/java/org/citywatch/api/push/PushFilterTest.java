package org.citywatch.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Optional;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.source.CameraStatus;
import org.junit.jupiter.api.Test;

class PushFilterTest {

    private static final PushEvent CROWD_P3_CAM1_D1 = alert("cam-1", "District 1", AlertType.CROWD, Severity.P3);
    private static final PushEvent INTRUSION_P1_CAM2_D2 = alert("cam-2", "District 2", AlertType.INTRUSION,
            Severity.P1);
    private static final PushEvent CAMERA_CAM2_D2 = PushMessages.camera("01JF0000000000000000000000",
            new Camera("cam-2", "Two", "rtsp://x/y", CameraKind.TRAFFIC, "District 2", 10, 106),
            CameraStatus.RETRYING, Optional.of("refused"), Instant.now(), Optional.empty(), Instant.now(), 0);

    private static PushEvent alert(String camera, String district, AlertType type, Severity severity) {
        return PushMessages.alert(TestAlerts.raised(camera, district, type, severity), "{}", 0);
    }

    private static PushFilter parse(String... pairs) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            m.add(pairs[i], pairs[i + 1]);
        }
        return PushFilter.parse(m);
    }

    @Test
    void districtRepeatedIncludesEachAndExcludesOthers() {
        PushFilter f = parse("district", "District 1", "district", "District 9");
        assertThat(f.accepts(CROWD_P3_CAM1_D1)).isTrue();
        assertThat(f.accepts(INTRUSION_P1_CAM2_D2)).isFalse();
        assertThat(f.accepts(CAMERA_CAM2_D2)).as("camera events pass the district filter too").isFalse();
        assertThat(parse("district", "District 2").accepts(CAMERA_CAM2_D2)).isTrue();
    }

    @Test
    void cameraCommaListIncludesEachAndExcludesOthers() {
        PushFilter f = parse("camera", "cam-2, cam-7");
        assertThat(f.accepts(INTRUSION_P1_CAM2_D2)).isTrue();
        assertThat(f.accepts(CAMERA_CAM2_D2)).isTrue();
        assertThat(f.accepts(CROWD_P3_CAM1_D1)).isFalse();
    }

    @Test
    void typeListIsCaseInsensitiveAndLetsCameraEventsThrough() {
        PushFilter f = parse("type", "crowd,LOITERING");
        assertThat(f.types()).containsExactlyInAnyOrder(AlertType.CROWD, AlertType.LOITERING);
        assertThat(f.accepts(CROWD_P3_CAM1_D1)).isTrue();
        assertThat(f.accepts(INTRUSION_P1_CAM2_D2)).isFalse();
        assertThat(f.accepts(CAMERA_CAM2_D2)).as("type does not filter camera events").isTrue();
    }

    @Test
    void minSeverityKeepsThatSevereOrWorse() {
        PushFilter p2 = parse("minSeverity", "p2");
        assertThat(p2.accepts(INTRUSION_P1_CAM2_D2)).isTrue();
        assertThat(p2.accepts(alert("c", "d", AlertType.CROWD, Severity.P2))).isTrue();
        assertThat(p2.accepts(CROWD_P3_CAM1_D1)).isFalse();
        assertThat(p2.accepts(CAMERA_CAM2_D2)).as("severity does not filter camera events").isTrue();
    }

    @Test
    void noParametersTakeEverythingAndOtherParametersAreIgnored() {
        PushFilter f = parse("access_token", "abc", "since", "whatever");
        assertThat(f).isEqualTo(PushFilter.ALL);
        assertThat(f.accepts(CROWD_P3_CAM1_D1)).isTrue();
        assertThat(f.accepts(CAMERA_CAM2_D2)).isTrue();
    }

    @Test
    void badValuesAreNamedInTheError() {
        assertThatThrownBy(() -> parse("type", "CROWD,FIRE")).hasMessageContaining("type 'FIRE'")
                .hasMessageContaining("INTRUSION");
        assertThatThrownBy(() -> parse("minSeverity", "P9")).hasMessageContaining("minSeverity 'P9'")
                .hasMessageContaining("P1..P4");
        assertThatThrownBy(() -> parse("minSeverity", "P1", "minSeverity", "P2"))
                .hasMessageContaining("more than once");
    }

    @Test
    void eventIdsAreCheckedAndReadBack() {
        assertThat(EventIds.parse("01jf0000000000000000000000")).contains("01JF0000000000000000000000");
        assertThat(EventIds.parse("not-an-id")).isEmpty();
        assertThat(EventIds.parse("01JF000000000000000000000I")).as("I is not Crockford base32").isEmpty();
        assertThat(EventIds.parse("81JF0000000000000000000000")).as("more than 128 bits").isEmpty();
        long t = 1_765_000_000_123L;
        assertThat(EventIds.time(EventIds.floor(t))).isEqualTo(Instant.ofEpochMilli(t));
        String id = org.citywatch.analytics.alert.AlertIds.next(System.currentTimeMillis());
        long idMillis = EventIds.time(id).toEpochMilli();
        assertThat(EventIds.floor(idMillis)).isLessThan(id);
        assertThat(EventIds.floor(idMillis + 1)).isGreaterThan(id);
    }
}
