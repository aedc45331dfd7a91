package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.citywatch.api.server.UiSettings;
import org.junit.jupiter.api.Test;

/** The {@code ui:} section: a city's own tile server and map start, or none; mistakes refused with their key. */
class UiConfigTest {

    private static AppConfig parse(String yaml) throws Exception {
        return AppConfig.fromNode(new ObjectMapper(new YAMLFactory()).readTree(yaml), Path.of("."));
    }

    @Test
    void aCitysTileServerAndStartPosition() throws Exception {
        UiSettings ui = parse("""
                ui: { tileUrl: "https://tiles.hcmc.gov.vn/{z}/{x}/{y}.png", attribution: "HCMC GIS",
                      center: [10.7769, 106.7009], zoom: 13 }
                """).ui();
        assertThat(ui.tileUrl()).contains("https://tiles.hcmc.gov.vn/{z}/{x}/{y}.png");
        assertThat(ui.attribution()).isEqualTo("HCMC GIS");
        assertThat(ui.center().orElseThrow()).containsExactly(10.7769, 106.7009);
        assertThat(ui.zoom()).isEqualTo(13);
    }

    @Test
    void noUiSectionMeansAPlainMapCentredOnTheCameras() throws Exception {
        UiSettings ui = parse("cameras: []").ui();
        assertThat(ui.tileUrl()).isEmpty();
        assertThat(ui.center()).isEmpty();
    }

    @Test
    void mistakesAreRefused() {
        assertThatThrownBy(() -> parse("ui: { tileUrl: \"https://tiles.example/tile.png\" }"))
                .hasMessageContaining("ui.tileUrl").hasMessageContaining("{z}");
        assertThatThrownBy(() -> parse("ui: { tileUrl: \"ftp://x/{z}/{x}/{y}\" }")).hasMessageContaining("ui.tileUrl");
        assertThatThrownBy(() -> parse("ui: { center: [10.7] }")).hasMessageContaining("ui.center");
        assertThatThrownBy(() -> parse("ui: { center: [100, 106] }")).hasMessageContaining("ui.center");
        assertThatThrownBy(() -> parse("ui: { zoom: 30 }")).hasMessageContaining("ui.zoom");
        assertThatThrownBy(() -> parse("ui: { tiles: x }")).hasMessageContaining("tiles");
    }
}
