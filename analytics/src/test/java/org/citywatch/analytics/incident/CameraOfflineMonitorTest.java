package org.citywatch.analytics.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.Test;

class CameraOfflineMonitorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private final Camera camera = new Camera("cam-7", "Cam 7", "rtsp://u:secret@10.0.0.7/live", CameraKind.TRAFFIC,
            "District 3", 10.7, 106.7);
    private final Camera other = new Camera("cam-8", "Cam 8", "rtsp://10.0.0.8/live", CameraKind.TRAFFIC,
            "District 3", 10.7, 106.7);

    @Test
    void raisedAfterTheGraceAndResolvedWhenTheStreamIsBack() {
        InMemoryAlertStore store = new InMemoryAlertStore();
        List<AlertEvent> events = new ArrayList<>();
        store.subscribe(events::add);
        CameraOfflineMonitor monitor = new CameraOfflineMonitor(
                new Incidents(IncidentSettings.defaults(), store, EvidenceStore.DISCARD, ClipMaker.NONE));
        Instant down = T0;
        for (int s = 0; s < 60; s++) {
            monitor.check(List.of(status(camera, false, down), status(other, true, T0)), T0.plusSeconds(s));
        }
        assertThat(events).as("not within the 60 s grace").isEmpty();
        for (int s = 60; s < 90; s++) {
            monitor.check(List.of(status(camera, false, down), status(other, true, T0)), T0.plusSeconds(s));
        }
        assertThat(events).extracting(AlertEvent::kind).first().isEqualTo(AlertEvent.Kind.RAISED);
        Alert raised = events.get(0).alert();
        assertThat(raised.type()).isEqualTo(AlertType.CAMERA_OFFLINE);
        assertThat(raised.cameraId()).isEqualTo("cam-7");
        assertThat(raised.startedAt()).isEqualTo(down);
        assertThat(raised.message()).contains("connection refused").doesNotContain("secret");
        assertThat(events).extracting(e -> e.alert().id()).containsOnly(raised.id());

        monitor.check(List.of(status(camera, true, T0.plusSeconds(90)), status(other, true, T0)), T0.plusSeconds(90));
        Alert back = store.get(raised.id()).orElseThrow();
        assertThat(back.active()).isFalse();
        assertThat(back.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(back.audit()).singleElement().satisfies(e -> {
            assertThat(e.who()).isEqualTo("system");
            assertThat(e.why()).isEqualTo("the stream is back");
        });
    }

    private static CameraOfflineMonitor.Status status(Camera c, boolean online, Instant since) {
        return new CameraOfflineMonitor.Status(c, online, since, online ? "" : "connection refused");
    }
}
