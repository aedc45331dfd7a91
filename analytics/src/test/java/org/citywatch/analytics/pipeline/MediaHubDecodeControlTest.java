package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.media.MediaHub;
import org.junit.jupiter.api.Test;

class MediaHubDecodeControlTest {

    @Test
    void keyframesOnlyWhenTheyAloneGiveTheRateAskedFor() {
        Optional<Duration> oneSecondGop = Optional.of(Duration.ofSeconds(1));
        assertThat(MediaHubDecodeControl.policyFor(0.9, oneSecondGop))
                .isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
        assertThat(MediaHubDecodeControl.policyFor(1.0, oneSecondGop))
                .isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
        assertThat(MediaHubDecodeControl.policyFor(1.2, oneSecondGop)).isEqualTo(new DecodePolicy.All());
        assertThat(MediaHubDecodeControl.policyFor(5, Optional.of(Duration.ofMillis(100))))
                .as("a keyframe every 100 ms gives 10 fps").isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
        assertThat(MediaHubDecodeControl.policyFor(0.1, Optional.empty()))
                .as("keyframe rate unknown yet: decode everything").isEqualTo(new DecodePolicy.All());
    }

    @Test
    void drivesTheHubsPolicyPerCamera() {
        List<String> frames = new ArrayList<>();
        try (MediaHub hub = new MediaHub((c, f) -> frames.add(c.id()), DecodePolicy.thumbnailDefault(), 1)) {
            DecodePolicy idle = DecodePolicy.thumbnailDefault();
            MediaHubDecodeControl control = new MediaHubDecodeControl(hub, idle,
                    id -> id.equals("gop1s") ? Optional.of(Duration.ofSeconds(1)) : Optional.empty());
            control.analysing("gop1s", true);
            assertThat(hub.policy("gop1s")).isEqualTo(new DecodePolicy.All());
            control.rate("gop1s", 0.8);
            assertThat(hub.policy("gop1s")).isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
            control.rate("unknown", 0.8);
            assertThat(hub.policy("unknown")).isEqualTo(new DecodePolicy.All());
            control.analysing("gop1s", false);
            assertThat(hub.policy("gop1s")).isEqualTo(idle);

            // Viewed live but not analysed: a picture a second, keyframes alone when they give that.
            control.viewing("gop1s", true);
            assertThat(hub.policy("gop1s")).isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
            control.viewing("unknown", true);
            assertThat(hub.policy("unknown")).isEqualTo(new DecodePolicy.All());
            control.analysing("gop1s", true);
            assertThat(hub.policy("gop1s")).as("analysis wins over a view").isEqualTo(new DecodePolicy.All());
            control.analysing("gop1s", false);
            assertThat(hub.policy("gop1s")).as("still viewed").isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ZERO));
            control.viewing("gop1s", false);
            assertThat(hub.policy("gop1s")).isEqualTo(idle);
        }
        assertThat(frames).as("no media was fed").isEmpty();
    }

    @Test
    void aControlWithSomethingElseOnAnalysingPassesEveryCallOn() {
        List<String> calls = new ArrayList<>();
        DecodeControl inner = new DecodeControl() {
            @Override
            public void analysing(String cameraId, boolean analysed) {
                calls.add("analysing " + cameraId + " " + analysed);
            }

            @Override
            public void rate(String cameraId, double fps) {
                calls.add("rate " + cameraId + " " + fps);
            }

            @Override
            public void viewing(String cameraId, boolean viewed) {
                calls.add("viewing " + cameraId + " " + viewed);
            }
        };
        DecodeControl both = inner.alsoOnAnalysing((id, on) -> calls.add("also " + id + " " + on));
        both.analysing("a", true);
        both.rate("a", 2.5);
        both.viewing("b", true);
        both.viewing("b", false);
        assertThat(calls).containsExactly("analysing a true", "also a true", "rate a 2.5", "viewing b true",
                "viewing b false");
    }
}
