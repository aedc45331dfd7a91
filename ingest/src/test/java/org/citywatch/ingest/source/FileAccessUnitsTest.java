package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.decode.Mp4AccessUnits;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.media.MediaTap;
import org.citywatch.ingest.rtp.AccessUnit;
import org.junit.jupiter.api.Test;

/** A file camera's access units, driven as GrabberStreamReader drives them, without waiting for real time. */
class FileAccessUnitsTest {

    private final Camera camera = new Camera("file", "file", "asset:vtest_first20s_h264.mp4", CameraKind.WARD, "D1",
            10.77, 106.70);

    @Test
    void unitsGoToTheTapsInStepWithThePicturesAndALoopKeepsTheClockRunning() {
        List<AccessUnit> seen = new CopyOnWriteArrayList<>();
        try (MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.All(), 1);
             FileAccessUnits units = new FileAccessUnits(camera, hub)) {
            hub.addTap((MediaTap) (c, u) -> seen.add(u));
            units.open(Mp4AccessUnits.sample("vtest_first20s_h264.mp4").toString());
            units.upTo(0);
            assertThat(seen).hasSize(1).allMatch(AccessUnit::keyframe);
            units.upTo(1_000_000); // the picture at 1.0 s is shown: units up to it
            assertThat(seen).hasSize(11);
            units.upTo(19_900_000);
            assertThat(seen).hasSize(200);
            units.rewind();
            units.upTo(500_000);
            assertThat(seen).hasSize(206);
            assertThat(seen.get(200).keyframe()).isTrue();
            assertThat(seen.get(200).ptsMicros()).isEqualTo(20_000_000);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).ptsMicros()).isGreaterThan(seen.get(i - 1).ptsMicros());
            }
            assertThat(hub.currentGop("file")).as("only the taps see them: not kept, not decoded").isEmpty();
        }
    }

    @Test
    void aFileThatCannotBeReadEndsOnlyTheCodedSide() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (MediaHub hub = new MediaHub((c, f) -> { }, new DecodePolicy.None(), 1);
             FileAccessUnits units = new FileAccessUnits(camera, hub)) {
            hub.addTap(new MediaTap() {
                @Override
                public void onAccessUnit(Camera c, AccessUnit u) {
                }

                @Override
                public void noAccessUnits(Camera c, String reason) {
                    reasons.add(reason);
                }
            });
            units.open("/nonexistent/clip.mp4");
            units.upTo(1_000_000);
            units.rewind();
            assertThat(reasons).singleElement().asString().contains("/nonexistent/clip.mp4");
        }
    }
}
