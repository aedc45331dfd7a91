package org.citywatch.ingest.rtp;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.citywatch.ingest.rtp.SequenceTracker.Continuity;

/**
 * What the two depacketizers share: sequence order, loss, access unit assembly and the figures. A
 * subclass only parses its RTP payload format in {@link #depacketize}.
 */
abstract sealed class DepacketizerBase permits H264Depacketizer, H265Depacketizer {

    private final NalSyntax syntax;
    private final SequenceTracker sequence;
    private final SequenceTracker.Delivery delivery = this::deliver;
    final AccessUnitAssembler assembler;
    /** The consumer of the push in progress (single-threaded by contract). */
    private Consumer<AccessUnit> out;

    DepacketizerBase(NalSyntax syntax, List<byte[]> parameterSets, DepacketizerLimits limits) {
        Objects.requireNonNull(parameterSets, "parameterSets");
        Objects.requireNonNull(limits, "limits");
        this.syntax = syntax;
        this.sequence = new SequenceTracker(limits.reorderWindow());
        this.assembler = new AccessUnitAssembler(syntax, parameterSets, limits);
    }

    /** Parses one payload (never empty) into assembler calls; must not throw on any content. */
    abstract void depacketize(byte[] b, int off, int len);

    public final VideoCodec codec() {
        return syntax.codec();
    }

    public final void push(RtpPacket packet, long receivedNanos, Consumer<AccessUnit> out) {
        Objects.requireNonNull(packet, "packet");
        this.out = Objects.requireNonNull(out, "out");
        try {
            sequence.offer(packet, receivedNanos, delivery);
        } finally {
            this.out = null;
        }
    }

    private void deliver(RtpPacket p, long nanos, Continuity continuity) {
        assembler.startPacket(p.timestamp(), nanos, continuity, out);
        if (p.payloadLength() > 0 && assembler.accepting()) {
            depacketize(p.buffer(), p.payloadOffset(), p.payloadLength());
        }
        if (p.marker()) {
            assembler.finish(out);
        }
    }

    public final long packetsReceived() {
        return sequence.received;
    }

    public final long packetsLost() {
        return sequence.lost;
    }

    public final long packetsDiscarded() {
        return sequence.discarded;
    }

    public final long packetsReordered() {
        return sequence.reordered;
    }

    public final long unitsDropped() {
        return assembler.dropped;
    }

    public final long unitsEmitted() {
        return assembler.emitted;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[received=" + packetsReceived() + ", lost=" + packetsLost()
                + ", discarded=" + packetsDiscarded() + ", reordered=" + packetsReordered() + ", emitted="
                + unitsEmitted() + ", dropped=" + unitsDropped() + "]";
    }

    static int u16(byte[] b, int i) {
        return RtpPacket.u16(b, i);
    }
}
