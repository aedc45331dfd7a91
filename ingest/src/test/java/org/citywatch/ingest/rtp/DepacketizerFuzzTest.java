package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property-style fuzzing with fixed seeds (each failure names its seed and iteration, so it replays):
 * random, truncated, bit-flipped and over-long input never makes parse throw anything but
 * {@link MalformedRtpException}, never makes a depacketizer throw, and never gets an access unit out that
 * is over the cap, lacks a leading start code, or follows a drop or loss without being a keyframe.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DepacketizerFuzzTest {

    private static final long[] SEEDS = {1, 2, 3, 0xC17EL, 0xBADC0DEL, 20_261_122L};
    /** Small limits so that the fuzzers reach the caps. */
    private static final DepacketizerLimits SMALL = new DepacketizerLimits(16 * 1024, 24, 4);

    /** Drives one depacketizer and checks every unit it emits against the contract. */
    private static final class Checked implements Consumer<AccessUnit> {
        private final Depacketizer d;
        private final int cap;
        private final String seed;
        private long lastDropped;
        private long lastLost;
        private boolean emittedAny;
        private int iteration;
        int emitted;

        Checked(VideoCodec codec, List<byte[]> sprop, DepacketizerLimits limits, long seed) {
            this.d = SyntheticStream.depacketizer(codec, sprop, limits);
            this.cap = limits.maxAccessUnitBytes();
            this.seed = codec + " seed " + seed;
        }

        void push(byte[] data, int iteration) {
            this.iteration = iteration;
            RtpPacket packet;
            try {
                packet = RtpPacket.parse(data, 0, data.length);
            } catch (MalformedRtpException expected) {
                return;
            } catch (RuntimeException e) {
                throw new AssertionError(seed + ", iteration " + iteration + ": parse threw " + e, e);
            }
            try {
                d.push(packet, iteration, this);
            } catch (RuntimeException e) {
                throw new AssertionError(seed + ", iteration " + iteration + ": push threw " + e, e);
            }
        }

        @Override
        public void accept(AccessUnit unit) {
            String where = seed + ", iteration " + iteration;
            assertThat(unit.size()).as(where + ": size under the cap").isBetween(5, cap);
            assertThat(Arrays.copyOf(unit.data(), 4)).as(where + ": start code").containsExactly(0, 0, 0, 1);
            assertThat(unit.codec()).isEqualTo(d.codec());
            if (!emittedAny || d.unitsDropped() != lastDropped || d.packetsLost() != lastLost) {
                assertThat(unit.keyframe()).as(where + ": first unit after a start, drop or loss").isTrue();
            }
            emittedAny = true;
            lastDropped = d.unitsDropped();
            lastLost = d.packetsLost();
            emitted++;
        }
    }

    @Test
    void parseThrowsOnlyMalformedRtpExceptionAndKeepsThePayloadInsideTheRange() {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int i = 0; i < 50_000; i++) {
                byte[] data = new byte[random.nextInt(80)];
                random.nextBytes(data);
                if (random.nextBoolean() && data.length > 0) {
                    data[0] = (byte) (0x80 | (data[0] & 0x3F)); // version 2, to get past the first check
                }
                int offset = random.nextInt(data.length + 3) - 1;
                int length = random.nextInt(data.length + 3) - 1;
                try {
                    RtpPacket p = RtpPacket.parse(data, offset, length);
                    assertThat(p.payloadOffset()).as("seed %d iteration %d", seed, i).isGreaterThanOrEqualTo(offset + 12);
                    assertThat(p.payloadOffset() + p.payloadLength()).as("seed %d iteration %d", seed, i)
                            .isLessThanOrEqualTo(offset + length);
                } catch (MalformedRtpException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException e) {
                    fail("seed " + seed + ", iteration " + i + ": " + e, e);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void randomPayloadsWithPlausibleHeaders(VideoCodec codec) {
        int[] interesting = codec == VideoCodec.H264
                ? new int[] {0x65, 0x41, 0x67, 0x68, 0x09, 0x78, 0x7C, 0x5C, 0x19, 0x1A, 0x1D, 0x00, 0xFC}
                : new int[] {0x26, 0x02, 0x40, 0x42, 0x44, 0x46, 0x60, 0x62, 0x64, 0x00, 0x80, 0x7E};
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (DepacketizerLimits limits : List.of(SMALL, DepacketizerLimits.DEFAULT)) {
                Checked checked = new Checked(codec, SyntheticStream.parameterSets(codec), limits, seed);
                int sequence = random.nextInt(65536);
                long timestamp = random.nextInt() & 0xFFFF_FFFFL;
                for (int i = 0; i < 20_000; i++) {
                    byte[] payload = new byte[random.nextInt(random.nextInt(10) == 0 ? 3000 : 40)];
                    random.nextBytes(payload);
                    if (payload.length > 0) {
                        payload[0] = (byte) interesting[random.nextInt(interesting.length)];
                    }
                    if (payload.length > 1 && codec == VideoCodec.H265 && random.nextInt(4) > 0) {
                        payload[1] = 1; // mostly a valid TID, to get further in
                    }
                    int roll = random.nextInt(100);
                    sequence = (sequence + (roll < 90 ? 1 : roll < 94 ? 0 : roll < 97 ? 2 + random.nextInt(5)
                            : random.nextInt(65536))) & 0xFFFF;
                    if (random.nextInt(8) == 0) {
                        timestamp = (timestamp + 3000) & 0xFFFF_FFFFL;
                    }
                    long ssrc = random.nextInt(500) == 0 ? 99 : 7;
                    checked.push(TestPacketizer.raw(sequence, timestamp, ssrc, random.nextInt(6) == 0, payload), i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void validStreamsTruncatedAtEveryLength(VideoCodec codec) {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            List<byte[]> packets = new TestPacketizer(codec, 120, 0, 7).withHeaderDecorations(random)
                    .packetize(SyntheticStream.stream(codec, random, 12, 4, 0, random.nextBoolean(), 600));
            Checked checked = new Checked(codec, SyntheticStream.parameterSets(codec), SMALL, seed);
            int sequence = 0;
            int iteration = 0;
            for (byte[] packet : packets) {
                for (int length = 0; length <= packet.length; length++) {
                    byte[] truncated = Arrays.copyOf(packet, length);
                    if (length >= 4) { // a fresh sequence number each, or they would be discarded as duplicates
                        truncated[2] = (byte) (sequence >> 8);
                        truncated[3] = (byte) sequence++;
                    }
                    checked.push(truncated, iteration++);
                }
            }
            assertThat(iteration).as("seed %d: variants tried", seed).isGreaterThan(1000);
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void bitFlipsInValidStreams(VideoCodec codec) {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (DepacketizerLimits limits : List.of(SMALL, DepacketizerLimits.DEFAULT)) {
                List<byte[]> packets = new TestPacketizer(codec, 40 + random.nextInt(1400), random.nextInt(65536), 7)
                        .withHeaderDecorations(random)
                        .packetize(SyntheticStream.stream(codec, random, 300, 10, 0, true, 5000));
                Checked checked = new Checked(codec, List.of(), limits, seed);
                for (int i = 0; i < packets.size(); i++) {
                    byte[] packet = packets.get(i).clone();
                    if (random.nextInt(10) < 3) {
                        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                            int bit = random.nextInt(8 * Math.min(packet.length, random.nextBoolean() ? 24 : packet.length));
                            packet[bit / 8] ^= (byte) (1 << (bit % 8));
                        }
                    }
                    checked.push(packet, i);
                }
                assertThat(checked.emitted).as("seed %d: most units survive", seed).isPositive();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void hugeDeclaredLengthsAndRunawayUnitsStayBounded(VideoCodec codec) {
        boolean h264 = codec == VideoCodec.H264;
        Checked checked = new Checked(codec, SyntheticStream.parameterSets(codec), SMALL, 0);
        Random random = new Random(5);
        List<byte[]> payloads = new ArrayList<>();
        int sequence = 0;
        byte[] fuStart = h264 ? new byte[] {0x7C, (byte) 0x85} : new byte[] {0x62, 0x01, (byte) 0x93};
        byte[] fuMiddle = h264 ? new byte[] {0x7C, 0x05} : new byte[] {0x62, 0x01, 0x13};
        for (int unit = 0; unit < 200; unit++) {
            int kind = unit % 4;
            if (kind == 0) { // an aggregate claiming 65535 bytes
                payloads.add(h264 ? new byte[] {0x18, (byte) 0xFF, (byte) 0xFF, 0x65, 1, 2}
                        : new byte[] {0x60, 0x01, (byte) 0xFF, (byte) 0xFF, 0x26, 0x01, 1});
            } else if (kind == 1) { // a fragmented unit that never ends and grows past the cap
                payloads.add(concat(fuStart, new byte[1000]));
                for (int i = 0; i < 40; i++) {
                    payloads.add(concat(fuMiddle, new byte[1000]));
                }
            } else if (kind == 2) { // more NAL units than allowed
                for (int i = 0; i < 30; i++) {
                    payloads.add(SyntheticStream.nal(codec, h264 ? 5 : 19, 10, random));
                }
            } else { // a good keyframe, to show the stream recovers
                payloads.add(SyntheticStream.nal(codec, h264 ? 5 : 19, 100, random));
            }
            for (int i = 0; i < payloads.size(); i++) {
                boolean last = i == payloads.size() - 1;
                checked.push(TestPacketizer.raw(sequence++, unit * 3000L, 7, last, payloads.get(i)), unit);
            }
            payloads.clear();
        }
        // Header-level extremes: 15 CSRCs and a 65535-word extension on short packets.
        checked.push(new byte[] {(byte) 0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 1, 2, 3}, 200);
        checked.push(new byte[] {(byte) 0x90, 96, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, (byte) 0xFF, (byte) 0xFF, 1}, 201);
        assertThat(checked.d.packetsReceived()).as("both refused by parse").isEqualTo(sequence);

        assertThat(checked.emitted).as("only the 50 good keyframes").isEqualTo(50);
        assertThat(checked.d.unitsDropped()).isEqualTo(150);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
