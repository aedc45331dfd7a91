package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sequence numbers: loss drops the broken unit and everything up to the next keyframe; wrap-around,
 * duplicates and reordering within the window cost nothing; a new source is followed after one packet.
 */
class LossAndReorderTest {

    private static final int MTU = 1400;
    private static final int GOP = 10;

    /** Units of 3 or more packets each (slices of 4000 bytes are sent as 3 fragments), keyframes every GOP. */
    private static List<Unit> units(VideoCodec codec, int count, long firstTimestamp, long seed) {
        Random random = new Random(seed);
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<byte[]> nals = new ArrayList<>();
            boolean key = i % GOP == 0;
            if (key) {
                nals.addAll(SyntheticStream.parameterSets(codec));
            }
            int type = codec == VideoCodec.H264 ? (key ? 5 : 1) : (key ? 19 : 1);
            nals.add(SyntheticStream.nal(codec, type, 4000, random));
            units.add(new Unit((firstTimestamp + (long) i * SyntheticStream.STEP) & 0xFFFF_FFFFL, nals));
        }
        return units;
    }

    /** Packets of each unit, in order, sequence numbers continuing from {@code firstSequence}. */
    private static List<List<byte[]>> packets(VideoCodec codec, List<Unit> units, int firstSequence, long ssrc) {
        TestPacketizer packetizer = new TestPacketizer(codec, MTU, firstSequence, ssrc);
        List<List<byte[]>> packets = new ArrayList<>();
        for (Unit unit : units) {
            packets.add(packetizer.packetize(unit));
        }
        return packets;
    }

    private static List<byte[]> flat(List<List<byte[]>> perUnit) {
        List<byte[]> packets = new ArrayList<>();
        perUnit.forEach(packets::addAll);
        return packets;
    }

    private static Depacketizer depacketizer(VideoCodec codec, int window) {
        return SyntheticStream.depacketizer(codec, List.of(), new DepacketizerLimits(8 << 20, 1024, window));
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void oneLostPacketDropsItsUnitAndTheRestOfTheGopOutputResumesAtTheNextKeyframe(VideoCodec codec) {
        for (int window : new int[] {0, 1, 8}) {
            List<Unit> units = units(codec, 30, 1000, 1);
            List<List<byte[]>> perUnit = packets(codec, units, 0, 7);
            perUnit.get(13).remove(1); // a middle fragment of the 4th unit of the second GOP
            Depacketizer d = depacketizer(codec, window);

            List<AccessUnit> out = SyntheticStream.push(d, flat(perUnit));

            List<Unit> expected = new ArrayList<>(units.subList(0, 13));
            expected.addAll(units.subList(20, 30));
            SyntheticStream.assertUnits(out, expected, codec, codec + " window " + window);
            assertThat(out.get(13).keyframe()).isTrue();
            assertThat(d.packetsLost()).isEqualTo(1);
            assertThat(d.unitsDropped()).as("units 13 to 19").isEqualTo(7);
            assertThat(d.packetsDiscarded() + d.packetsReordered()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aLostStartFragmentDropsTheUnitEvenThoughItsOtherFragmentsArrive(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 2);
        List<List<byte[]>> perUnit = packets(codec, units, 0, 7);
        perUnit.get(5).removeFirst(); // the start fragment of unit 5's only NAL unit
        Depacketizer d = depacketizer(codec, 8);

        List<AccessUnit> out = SyntheticStream.push(d, flat(perUnit));

        assertThat(out).extracting(AccessUnit::rtpTimestamp)
                .containsExactlyElementsOf(timestamps(units, 0, 5, 10, 30));
        assertThat(d.packetsLost()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void losingTheLastPacketBeforeAKeyframeAlsoCostsThatKeyframe(VideoCodec codec) {
        // Nothing tells whether the lost packet ended unit 19 or began unit 20: both are treated as broken.
        List<Unit> units = units(codec, 40, 1000, 3);
        List<List<byte[]>> perUnit = packets(codec, units, 0, 7);
        perUnit.get(19).removeLast();
        Depacketizer d = depacketizer(codec, 8);

        List<AccessUnit> out = SyntheticStream.push(d, flat(perUnit));

        assertThat(out).extracting(AccessUnit::rtpTimestamp)
                .containsExactlyElementsOf(timestamps(units, 0, 19, 30, 40));
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void sequenceNumberWrapIsNotLoss(VideoCodec codec) {
        List<Unit> units = units(codec, 40, 1000, 4);
        List<byte[]> packets = flat(packets(codec, units, 65_500, 7)); // wraps after 36 packets
        Depacketizer d = depacketizer(codec, 8);

        SyntheticStream.assertUnits(SyntheticStream.push(d, packets), units, codec, "across the wrap");
        assertThat(d.packetsLost() + d.packetsDiscarded() + d.unitsDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void duplicatesAreDiscardedWithoutLossOrDamage(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 5);
        List<byte[]> packets = flat(packets(codec, units, 65_530, 7));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            sent.add(packets.get(i));
            if (i % 7 == 3) {
                sent.add(packets.get(i)); // immediate duplicate
            }
            if (i == 60) {
                sent.add(packets.get(20)); // an old packet again, 40 behind
            }
        }
        Depacketizer d = depacketizer(codec, 8);

        SyntheticStream.assertUnits(SyntheticStream.push(d, sent), units, codec, "with duplicates");
        assertThat(d.packetsLost()).isZero();
        assertThat(d.packetsDiscarded()).isEqualTo(sent.size() - packets.size());
        assertThat(d.unitsDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void packetsSwappedWithTheirNeighbourArePutBackInOrder(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 6);
        List<List<byte[]>> perUnit = packets(codec, units, 65_533, 7);
        List<byte[]> packets = flat(perUnit);
        int boundary = perUnit.get(0).size() + perUnit.get(1).size() - 1; // marker of unit 1, first of unit 2
        int[] swaps = {1, boundary, 40, 41 + 1, 70};
        for (int i : swaps) {
            packets.set(i, packets.set(i + 1, packets.get(i)));
        }
        Depacketizer d = depacketizer(codec, 8);

        SyntheticStream.assertUnits(SyntheticStream.push(d, packets), units, codec, "reordered by one");
        assertThat(d.packetsReordered()).isEqualTo(swaps.length);
        assertThat(d.packetsLost() + d.packetsDiscarded() + d.unitsDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void withoutWindowOrBeyondItReorderingIsLossFollowedByADiscardedLatePacket(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 7);
        List<List<byte[]>> perUnit = packets(codec, units, 0, 7);
        List<byte[]> noWindow = flat(perUnit);
        int i = perUnit.get(0).size() + perUnit.get(1).size() + 1; // inside unit 2
        noWindow.set(i, noWindow.set(i + 1, noWindow.get(i)));
        List<byte[]> beyondWindow = flat(perUnit);
        beyondWindow.add(i + 10, beyondWindow.remove(i)); // 9 packets late, the window holds 8

        for (var run : List.of(new Object[] {noWindow, 0}, new Object[] {beyondWindow, 8})) {
            @SuppressWarnings("unchecked")
            List<byte[]> packets = (List<byte[]>) run[0];
            Depacketizer d = depacketizer(codec, (int) run[1]);

            List<AccessUnit> out = SyntheticStream.push(d, packets);

            assertThat(out).extracting(AccessUnit::rtpTimestamp)
                    .containsExactlyElementsOf(timestamps(units, 0, 2, 10, 30));
            assertThat(d.packetsLost()).isEqualTo(1);
            assertThat(d.packetsDiscarded()).isEqualTo(1);
            assertThat(d.packetsReordered()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aNewSourceIsFollowedFromItsNextKeyframeWithTheClockContinuing(VideoCodec codec) {
        List<Unit> first = units(codec, 15, 1000, 8);
        List<Unit> second = units(codec, 25, 3_000_000_000L, 9); // the new SSRC's own random base
        List<byte[]> packets = flat(packets(codec, first, 500, 7));
        packets.addAll(flat(packets(codec, second, 40_000, 8)));
        Depacketizer d = depacketizer(codec, 8);

        List<AccessUnit> out = SyntheticStream.push(d, packets);

        // Its first packet is held on probation (discarded), so its first unit is incomplete.
        List<Unit> expected = new ArrayList<>(first);
        expected.addAll(second.subList(10, 25));
        assertThat(out).extracting(AccessUnit::rtpTimestamp)
                .containsExactlyElementsOf(expected.stream().map(Unit::rtpTimestamp).toList());
        assertThat(out).extracting(AccessUnit::ptsMicros).isSorted().doesNotHaveDuplicates();
        assertThat(out.get(15).ptsMicros() - out.get(14).ptsMicros()).as("one frame after the old source + 10 dropped")
                .isBetween(366_666L, 366_667L); // 11 frames of 33 333.3 us, each pts rounded down
        assertThat(d.packetsDiscarded()).isEqualTo(1);
        assertThat(d.packetsLost()).isZero();
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aStrayPacketOrASequenceJumpOfOnePacketChangesNothing(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 10);
        List<byte[]> packets = flat(packets(codec, units, 0, 7));
        packets.add(20, TestPacketizer.raw(5, 77, 99, true, new byte[] {0x41, 0x01, 0x01})); // another SSRC
        packets.add(40, TestPacketizer.raw(20_000, 77, 7, true, new byte[] {0x41, 0x01, 0x01})); // far jump
        Depacketizer d = depacketizer(codec, 8);

        SyntheticStream.assertUnits(SyntheticStream.push(d, packets), units, codec, "with strays");
        assertThat(d.packetsDiscarded()).isEqualTo(2);
        assertThat(d.packetsLost() + d.unitsDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aConfirmedSequenceJumpRestartsAtTheNextKeyframeWithoutCountingLoss(VideoCodec codec) {
        List<Unit> units = units(codec, 30, 1000, 11);
        List<List<byte[]>> perUnit = packets(codec, units, 0, 7);
        List<byte[]> packets = flat(perUnit.subList(0, 5));
        packets.addAll(flat(packets(codec, units.subList(5, 30), 30_000, 7))); // sender restarted its numbering

        Depacketizer d = depacketizer(codec, 8);
        List<AccessUnit> out = SyntheticStream.push(d, packets);

        assertThat(out).extracting(AccessUnit::rtpTimestamp)
                .containsExactlyElementsOf(timestamps(units, 0, 5, 10, 30));
        assertThat(d.packetsLost()).isZero();
        assertThat(d.packetsDiscarded()).isEqualTo(1);
    }

    /** Timestamps of units [from1, to1) and [from2, to2). */
    private static List<Long> timestamps(List<Unit> units, int from1, int to1, int from2, int to2) {
        List<Long> ts = new ArrayList<>();
        units.subList(from1, to1).forEach(u -> ts.add(u.rtpTimestamp()));
        units.subList(from2, to2).forEach(u -> ts.add(u.rtpTimestamp()));
        return ts;
    }
}
