package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.citywatch.assets.ModelDescriptor;
import org.junit.jupiter.api.Test;

/** Hand-built raw outputs with known cells, decoded to exactly known boxes. */
class YoloxDecoderTest {

    static final List<String> LABELS = IntStream.range(0, 80).mapToObj(i -> "c" + i).toList();
    static final YoloxDecoder DECODER = YoloxDecoder.forModel(ModelDescriptor.load("yolox_nano"), LABELS);
    static final int COLS = 85;
    /** A 416x416 frame: scale 1, no padding. */
    static final Letterbox.Geometry SAME = Letterbox.geometry(416, 416, 416, 416);

    static float[] empty() {
        return new float[DECODER.rows() * COLS];
    }

    /** Row of cell (gx,gy) in the grid of the given stride: 52x52, then 26x26, then 13x13. */
    static int row(int stride, int gx, int gy) {
        return switch (stride) {
            case 8 -> gy * 52 + gx;
            case 16 -> 52 * 52 + gy * 26 + gx;
            case 32 -> 52 * 52 + 26 * 26 + gy * 13 + gx;
            default -> throw new IllegalArgumentException();
        };
    }

    static void cell(float[] raw, int row, float tx, float ty, float tw, float th, float obj, int cls, float p) {
        int o = row * COLS;
        raw[o] = tx;
        raw[o + 1] = ty;
        raw[o + 2] = tw;
        raw[o + 3] = th;
        raw[o + 4] = obj;
        raw[o + 5 + cls] = p;
    }

    @Test
    void shapeFromDescriptor() {
        assertThat(DECODER.rows()).isEqualTo(3549);
        assertThat(DECODER.columns()).isEqualTo(85);
    }

    @Test
    void decodesOneCellExactly() {
        float[] raw = empty();
        cell(raw, row(16, 5, 7), 0.5f, 0.25f, 0f, 0f, 0.9f, 2, 0.5f);
        List<Detection> out = DECODER.decode(raw, SAME);
        assertThat(out).hasSize(1);
        Detection d = out.getFirst();
        assertThat(d.classId()).isEqualTo(2);
        assertThat(d.label()).isEqualTo("c2");
        assertThat(d.score()).isEqualTo(0.9f * 0.5f);
        // cx = (0.5+5)*16 = 88, cy = (0.25+7)*16 = 116, w = h = exp(0)*16 = 16
        assertThat(d.box()).isEqualTo(new BoundingBox(80, 108, 96, 124));
    }

    @Test
    void scalesBackToTheFrame() {
        float[] raw = empty();
        cell(raw, row(8, 10, 20), 0f, 0f, (float) Math.log(4), (float) Math.log(2), 0.8f, 0, 1f);
        // An 832x624 frame: r = min(416/624, 416/832) = 0.5, so frame coordinates are twice the model's.
        Letterbox.Geometry g = Letterbox.geometry(832, 624, 416, 416);
        assertThat(g.scale()).isEqualTo(0.5);
        Detection d = DECODER.decode(raw, g).getFirst();
        // model: cx = 80, cy = 160, w = 32, h = 16 -> [64,152,96,168]; frame: x2
        assertThat(d.box().x1()).isCloseTo(128f, within(1e-3f));
        assertThat(d.box().y1()).isCloseTo(304f, within(1e-3f));
        assertThat(d.box().x2()).isCloseTo(192f, within(1e-3f));
        assertThat(d.box().y2()).isCloseTo(336f, within(1e-3f));
    }

    @Test
    void lastGridLastCell() {
        float[] raw = empty();
        assertThat(row(32, 12, 12)).isEqualTo(3548);
        cell(raw, 3548, 0.5f, 0.5f, 0f, 0f, 0.7f, 79, 0.9f);
        Detection d = DECODER.decode(raw, SAME).getFirst();
        assertThat(d.label()).isEqualTo("c79");
        assertThat(d.box()).isEqualTo(new BoundingBox(384, 384, 416, 416)); // cx = cy = 12.5*32 = 400
    }

    @Test
    void clipsToTheFrame() {
        float[] raw = empty();
        cell(raw, row(32, 0, 0), 0f, 0f, (float) Math.log(2), 0f, 0.9f, 1, 0.9f); // [-32,-16,32,16]
        Detection d = DECODER.decode(raw, SAME).getFirst();
        assertThat(d.box()).isEqualTo(new BoundingBox(0, 0, 32, 16));
    }

    @Test
    void boxInThePaddingIsDropped() {
        // A 832x416 frame: r = 0.5, resized 416x208; rows below 208 in the model are padding.
        Letterbox.Geometry g = Letterbox.geometry(832, 416, 416, 416);
        assertThat(g.resizedHeight()).isEqualTo(208);
        float[] raw = empty();
        cell(raw, row(16, 10, 20), 0f, 0f, 0f, 0f, 0.9f, 0, 0.9f); // model y 312..328 -> frame 624..656 > 416
        assertThat(DECODER.decode(raw, g)).isEmpty();
    }

    @Test
    void scoreExactlyAtThresholdIsKeptJustBelowIsNot() {
        float[] raw = empty();
        assertThat(0.6f * 0.5f).isEqualTo(0.3f);
        cell(raw, row(8, 1, 1), 0f, 0f, 0f, 0f, 0.6f, 3, 0.5f); // score 0.3 exactly
        cell(raw, row(8, 30, 30), 0f, 0f, 0f, 0f, 0.6f, 4, Math.nextDown(0.5f)); // just below
        cell(raw, row(8, 40, 40), 0f, 0f, 0f, 0f, Math.nextDown(0.3f), 5, 1f); // obj below, cls 1
        List<Detection> out = DECODER.decode(raw, SAME);
        assertThat(out).extracting(Detection::classId).containsExactly(3);
    }

    @Test
    void everyClassOverTheThresholdInACellIsACandidate() {
        float[] raw = empty();
        int r = row(8, 20, 20);
        cell(raw, r, 0f, 0f, 0f, 0f, 0.9f, 16, 0.9f);
        cell(raw, r, 0f, 0f, 0f, 0f, 0.9f, 15, 0.45f);
        cell(raw, r, 0f, 0f, 0f, 0f, 0.9f, 14, 0.2f); // 0.18 < 0.3
        List<Detection> out = DECODER.decode(raw, SAME);
        assertThat(out).extracting(Detection::classId).containsExactly(16, 15);
        assertThat(out.get(0).box()).isEqualTo(out.get(1).box());
    }

    @Test
    void sameClassNeighboursAreMergedByNms() {
        float[] raw = empty();
        cell(raw, row(8, 20, 20), 0f, 0f, (float) Math.log(4), (float) Math.log(4), 0.9f, 0, 0.9f);
        cell(raw, row(8, 21, 20), -0.5f, 0f, (float) Math.log(4), (float) Math.log(4), 0.8f, 0, 0.9f);
        List<Detection> out = DECODER.decode(raw, SAME);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().score()).isEqualTo(0.9f * 0.9f);
    }

    @Test
    void nanAndInfinityDoNotBreakDecoding() {
        float[] raw = empty();
        cell(raw, row(8, 2, 2), Float.NaN, 0f, 0f, 0f, 0.9f, 0, 0.9f);
        cell(raw, row(8, 3, 3), 0f, 0f, 0f, 0f, Float.NaN, 0, 0.9f);
        cell(raw, row(8, 4, 4), 0f, 0f, Float.POSITIVE_INFINITY, 0f, 0.9f, 0, 0.9f);
        assertThat(DECODER.decode(raw, SAME)).isEmpty();
    }

    @Test
    void bufferPositionIsHonouredAndLengthChecked() {
        float[] raw = empty();
        cell(raw, row(16, 5, 7), 0.5f, 0.25f, 0f, 0f, 0.9f, 2, 0.5f);
        float[] shifted = new float[raw.length + 7];
        System.arraycopy(raw, 0, shifted, 7, raw.length);
        FloatBuffer buffer = FloatBuffer.wrap(shifted).position(7);
        assertThat(DECODER.decode(buffer, SAME)).isEqualTo(DECODER.decode(raw, SAME));
        assertThat(buffer.position()).isEqualTo(7);
        assertThatThrownBy(() -> DECODER.decode(new float[100], SAME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3549 x 85");
    }

    @Test
    void emptyOutputGivesNothing() {
        assertThat(DECODER.decode(empty(), SAME)).isEmpty();
    }
}
