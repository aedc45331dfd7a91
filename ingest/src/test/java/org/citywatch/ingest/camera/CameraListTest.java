package org.citywatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraListTest {

    @TempDir
    Path dir;

    @Test
    void readsValidCamerasAndReportsEachBadEntryWithoutLosingTheOthers() throws Exception {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, """
                cameras:
                  - id: cam-1
                    name: Ben Thanh
                    url: rtsp://admin:hunter2@10.0.0.5/live
                    kind: traffic
                    district: District 1
                    latitude: 10.7721
                    longitude: 106.6983
                  - id: cam-2
                    url: rtsp://10.0.0.6/live
                    kind: spaceship
                    latitude: 10.0
                    longitude: 106.0
                  - id: cam-3
                    latitude: 10.0
                    longitude: 106.0
                  - id: cam-4
                    url: rtsp://10.0.0.8/live
                    latitude: 123.0
                    longitude: 106.0
                  - id: cam-1
                    url: rtsp://10.0.0.9/live
                    latitude: 10.0
                    longitude: 106.0
                  - id: cam-6
                    url: rtsp://10.0.0.10/live
                    colour: blue
                    latitude: 10.0
                    longitude: 106.0
                  - id: cam-7
                    url: rtsp://u:pw123@10.0.0.11/live
                    kind: ward
                    latitude: 10.8
                    longitude: 106.7
                """);

        CameraList list = CameraList.read(file);

        assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-7");
        assertThat(list.cameras().get(0).kind()).isEqualTo(CameraKind.TRAFFIC);
        assertThat(list.cameras().get(0).name()).isEqualTo("Ben Thanh");
        assertThat(list.cameras().get(1).kind()).isEqualTo(CameraKind.WARD);
        assertThat(list.cameras().get(1).name()).as("name defaults to the id").isEqualTo("cam-7");
        assertThat(list.errors()).hasSize(5);
        assertThat(list.errors().get(0)).contains("cam-2").contains("spaceship");
        assertThat(list.errors().get(1)).contains("cam-3").contains("url");
        assertThat(list.errors().get(2)).contains("cam-4").contains("position");
        assertThat(list.errors().get(3)).contains("cam-1").contains("duplicate");
        assertThat(list.errors().get(4)).contains("cam-6").contains("colour");
        assertThat(String.join("\n", list.errors())).doesNotContain("hunter2").doesNotContain("pw123");
    }

    @Test
    void aFileWithoutCamerasIsAClearError() throws Exception {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "server:\n  port: 8080\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CameraList.read(file))
                .hasMessageContaining("cameras");
    }
}
