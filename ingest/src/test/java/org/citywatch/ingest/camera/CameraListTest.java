package org.citywatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraListTest {

    @TempDir
    Path dir;

    @Test
    void aSceneIsPassedThroughUnreadAndABadOneAffectsOnlyItsCamera() throws IOException {
        CameraList list = CameraList.parse("""
                cameras:
                  - id: plaza-1
                    url: rtsp://10.0.0.1/live
                    latitude: 10.77
                    longitude: 106.70
                    scene:
                      zones:
                        - { id: plaza, kind: plaza, polygon: [[0.1, 0.5], [0.9, 0.5], [0.9, 1.0]] }
                      rules:
                        - { type: crowd, zone: plaza, minPersons: 10 }
                  - id: bad-1
                    url: rtsp://10.0.0.2/live
                    latitude: 10.77
                    longitude: 106.70
                    scene: [zones]
                """, CameraList.Format.YAML);
        assertThat(list.cameras()).extracting(Camera::id).containsExactly("plaza-1");
        java.util.Map<String, Object> scene = list.cameras().get(0).scene();
        assertThat(scene).containsOnlyKeys("zones", "rules");
        assertThat(scene.get("rules")).asList().singleElement()
                .isEqualTo(java.util.Map.of("type", "crowd", "zone", "plaza", "minPersons", 10));
        assertThat(list.errors()).singleElement().asString().contains("bad-1").contains("scene must be a mapping");
    }

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

    @Test
    void readsTheNewFieldsFromYaml() throws Exception {
        Path file = dir.resolve("cameras.yml");
        Files.writeString(file, """
                cameras:
                  - id: cam-1
                    name: Ben Thanh
                    url: rtsp://admin:hunter2@10.0.0.5/main
                    subStreamUrl: rtsp://admin:hunter2@10.0.0.5/sub
                    kind: ward
                    district: District 1
                    ward: Ben Thanh
                    latitude: 10.7721
                    longitude: 106.6983
                    tags: [junction, school, junction]
                  - id: cam-2
                    url: rtsp://10.0.0.6/live
                    latitude: 10.0
                    longitude: 106.0
                    tags: "market, night"
                  - id: cam-3
                    url: rtsp://10.0.0.7/live
                    latitude: 10.0
                    longitude: 106.0
                    tags: {a: b}
                """);

        CameraList list = CameraList.read(file);

        Camera c1 = list.cameras().get(0);
        assertThat(c1.ward()).isEqualTo("Ben Thanh");
        assertThat(c1.subStreamUrl()).contains("rtsp://admin:hunter2@10.0.0.5/sub");
        assertThat(c1.redactedSubStreamUrl()).contains("rtsp://***@10.0.0.5/sub");
        assertThat(c1.analyticsUrl()).isEqualTo("rtsp://admin:hunter2@10.0.0.5/sub");
        assertThat(c1.tags()).containsExactly("junction", "school");
        assertThat(c1.toString()).doesNotContain("hunter2").contains("sub rtsp://***@10.0.0.5/sub");
        Camera c2 = list.cameras().get(1);
        assertThat(c2.tags()).containsExactly("market", "night");
        assertThat(c2.ward()).isEmpty();
        assertThat(c2.subStreamUrl()).isEmpty();
        assertThat(c2.analyticsUrl()).isEqualTo("rtsp://10.0.0.6/live");
        assertThatThrownBy(() -> c2.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(list.errors()).hasSize(1);
        assertThat(list.errors().get(0)).startsWith("camera #3 (id cam-3)");
    }

    @Test
    void readsCsvWithEveryColumnInAnyOrderAndReportsEachBadRowByLineAndId() throws Exception {
        Path file = dir.resolve("cameras.csv");
        Files.writeString(file, """
                # exported from the city GIS
                ID,latitude,longitude,name,url,sub_stream_url,kind,district,ward,tags,installed
                cam-1,10.7721,106.6983,"Ben Thanh, north gate",rtsp://admin:hunter2@10.0.0.5/main,rtsp://admin:hunter2@10.0.0.5/sub,traffic,District 1,Ben Thanh,junction;school,2019
                cam-2,abc,106.0,Bad latitude,rtsp://op:pw-lat@10.0.0.6/live,,traffic,,,,

                cam-3,10.0,106.0,No url,,,ward,,,,
                cam-4,10.0,106.0,Odd kind,rtsp://10.0.0.8/live,,spaceship,,,,
                cam-5,10.0,106.0,Comma in password,rtsp://u:pa,ss@10.0.0.9/live,,traffic,,,,
                cam-6,10.8,106.7,"Multi
                line name",rtsp://u:pw123@10.0.0.11/live,,WARD,District 3,Ward 7,market|night,
                cam-1,10.0,106.0,Duplicate,rtsp://10.0.0.12/live,,traffic,,,,
                ,,,,,,,,,,
                cam-8,10.9,106.8,,file:///data/clip.mp4,,,,,,
                """);

        CameraList list = CameraList.read(file);

        assertThat(list.cameras()).extracting(Camera::id).containsExactly("cam-1", "cam-6", "cam-8");
        Camera c1 = list.cameras().get(0);
        assertThat(c1.name()).isEqualTo("Ben Thanh, north gate");
        assertThat(c1.url()).isEqualTo("rtsp://admin:hunter2@10.0.0.5/main");
        assertThat(c1.subStreamUrl()).contains("rtsp://admin:hunter2@10.0.0.5/sub");
        assertThat(c1.kind()).isEqualTo(CameraKind.TRAFFIC);
        assertThat(c1.district()).isEqualTo("District 1");
        assertThat(c1.ward()).isEqualTo("Ben Thanh");
        assertThat(c1.latitude()).isEqualTo(10.7721);
        assertThat(c1.longitude()).isEqualTo(106.6983);
        assertThat(c1.tags()).containsExactly("junction", "school");
        Camera c6 = list.cameras().get(1);
        assertThat(c6.name()).isEqualTo("Multi\nline name");
        assertThat(c6.kind()).isEqualTo(CameraKind.WARD);
        assertThat(c6.tags()).containsExactly("market", "night");
        assertThat(list.cameras().get(2).name()).isEqualTo("cam-8");

        assertThat(list.errors()).hasSize(6);
        assertThat(list.errors().get(0)).startsWith("header:").contains("installed");
        assertThat(list.errors().get(1)).startsWith("line 4 (id cam-2)").contains("latitude 'abc'");
        assertThat(list.errors().get(2)).startsWith("line 6 (id cam-3)").contains("url");
        assertThat(list.errors().get(3)).startsWith("line 7 (id cam-4)").contains("spaceship");
        assertThat(list.errors().get(4)).startsWith("line 8 (id cam-5)").contains("more fields than the header");
        assertThat(list.errors().get(5)).startsWith("line 11 (id cam-1)").contains("duplicate");
        assertThat(String.join("\n", list.errors()))
                .doesNotContain("hunter2").doesNotContain("pw-lat").doesNotContain("pw123").doesNotContain("ss@");
    }

    @Test
    void aCsvThatIsNotACameraListAtAllIsOneClearError() throws Exception {
        Path noUrl = dir.resolve("no-url.csv");
        Files.writeString(noUrl, "id,name,latitude,longitude\ncam-1,A,10,106\n");
        assertThatThrownBy(() -> CameraList.read(noUrl)).isInstanceOf(IOException.class).hasMessageContaining("'url'");

        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> CameraList.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("header");

        Path unclosed = dir.resolve("unclosed.csv");
        Files.writeString(unclosed, "id,url,latitude,longitude\ncam-1,rtsp://a/1,10,106\ncam-2,\"rtsp://u:secret@b/2,10,106\ncam-3,rtsp://c/3,10,106\n");
        assertThatThrownBy(() -> CameraList.read(unclosed)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 3").hasMessageContaining("quote").hasMessageNotContaining("secret");

        Path headerOnly = dir.resolve("header-only.csv");
        Files.writeString(headerOnly, "\uFEFFid,url,latitude,longitude\n");
        assertThat(CameraList.read(headerOnly).cameras()).isEmpty();
        assertThat(CameraList.read(headerOnly).errors()).isEmpty();

        assertThatThrownBy(() -> CameraList.read(dir.resolve("cameras.txt"))).hasMessageContaining(".csv");
    }

    @Test
    void fiveThousandCsvRowsParseInWellUnderASecond() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,url,subStreamUrl,kind,district,ward,latitude,longitude,tags\n");
        for (int i = 0; i < 5000; i++) {
            csv.append("cam-").append(i).append(",\"Junction ").append(i).append(", lane ").append(i % 4)
                    .append("\",rtsp://admin:pw").append(i).append("@10.1.").append(i / 250).append('.').append(i % 250)
                    .append("/main,rtsp://admin:pw").append(i).append("@10.1.").append(i / 250).append('.')
                    .append(i % 250).append("/sub,").append(i % 3 == 0 ? "ward" : "traffic").append(",District ")
                    .append(i % 24).append(",Ward ").append(i % 200).append(',').append(10 + i / 10000.0).append(',')
                    .append(106 + i / 10000.0).append(",junction;district-").append(i % 24).append('\n');
        }
        Path file = dir.resolve("big.csv");
        Files.writeString(file, csv);
        CameraList.read(file); // warm up class loading and the JIT a little

        long start = System.nanoTime();
        CameraList list = CameraList.read(file);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(list.errors()).isEmpty();
        assertThat(list.cameras()).hasSize(5000);
        assertThat(list.cameras().get(4999).tags()).containsExactly("junction", "district-7");
        assertThat(millis).as("5,000 rows in %d ms", millis).isLessThan(1000);
    }

    @Test
    void theSevenFieldConstructorStillWorks() {
        Camera c = new Camera("c1", "Gate", "rtsp://u:p@h/s", CameraKind.WARD, "D1", 10, 106);
        assertThat(c.ward()).isEmpty();
        assertThat(c.subStreamUrl()).isEmpty();
        assertThat(c.tags()).isEmpty();
        assertThat(c.sameStreamAs(new Camera("c1", "Other name", "rtsp://u:p@h/s", CameraKind.WARD, "D2", 11, 107)))
                .isTrue();
        assertThat(c.sameStreamAs(new Camera("c1", "Gate", "rtsp://u:p@h/other", CameraKind.WARD, "D1", 10, 106)))
                .isFalse();
    }
}
