package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packetize random access units, depacketize them: exactly the same Annex-B units come out. */
class RoundTripTest {

    @ParameterizedTest(name = "{0}, MTU {1}, aggregation {2}")
    @CsvSource({
        "H264, 1400, true", "H264, 1400, false", "H264, 50, true", "H264, 50, false",
        "H265, 1400, true", "H265, 1400, false", "H265, 50, true", "H265, 50, false",
    })
    void randomAccessUnitsComeOutExactlyAsTheyWentIn(VideoCodec codec, int mtu, boolean aggregation) {
        for (int seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            // Starts 5 frames before the 32-bit wrap of the RTP clock, so pts must be unwrapped.
            List<Unit> units = SyntheticStream.stream(codec, random, 40, 10, 0xFFFF_FFFFL - 5 * SyntheticStream.STEP,
                    true, 20_000);
            TestPacketizer packetizer = new TestPacketizer(codec, mtu, random.nextInt(65536), random.nextInt())
                    .withHeaderDecorations(random);
            if (!aggregation) {
                packetizer.withoutAggregation();
            }
            List<byte[]> packets = packetizer.packetize(units);
            Depacketizer d = SyntheticStream.depacketizer(codec, List.of(), DepacketizerLimits.DEFAULT);

            List<AccessUnit> out = SyntheticStream.push(d, packets);

            String context = codec + " seed " + seed + " mtu " + mtu;
            SyntheticStream.assertUnits(out, units, codec, context);
            assertThat(d.packetsReceived()).as(context).isEqualTo(packets.size());
            assertThat(d.packetsLost() + d.packetsDiscarded() + d.packetsReordered() + d.unitsDropped())
                    .as(context).isZero();
            assertThat(d.unitsEmitted()).as(context).isEqualTo(units.size());
            assertThat(out).extracting(AccessUnit::receivedNanos).as("receivedNanos of the last packet")
                    .isSorted();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"H264", "H265"})
    void aUnitWithoutMarkerBitEndsWhenTheNextTimestampArrives(VideoCodec codec) {
        Random random = new Random(7);
        List<Unit> units = SyntheticStream.stream(codec, random, 6, 3, 1000, true, 3000);
        List<byte[]> packets = new TestPacketizer(codec, 1400, 0, 1).packetize(units);
        for (byte[] p : packets) {
            p[1] &= 0x7F; // a sender that never sets the marker bit
        }
        Depacketizer d = SyntheticStream.depacketizer(codec, List.of(), DepacketizerLimits.DEFAULT);

        List<AccessUnit> out = SyntheticStream.push(d, packets);

        // The last unit is still pending: nothing tells it is complete yet.
        SyntheticStream.assertUnits(out, units.subList(0, 5), codec, codec + " without markers");
    }
}
