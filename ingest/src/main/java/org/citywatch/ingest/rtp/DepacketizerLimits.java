package org.citywatch.ingest.rtp;

/**
 * Bounds of one depacketizer, so that a hostile or broken stream costs bounded memory.
 *
 * @param maxAccessUnitBytes  largest access unit, Annex-B bytes including prepended parameter sets;
 *                            a bigger one is dropped and the stream resyncs at the next keyframe
 * @param maxNalUnits         most NAL units in one access unit (same treatment)
 * @param reorderWindow       how many packets after a gap are held back waiting for the missing one
 *                            (0 = declare loss at once). Costs no latency while packets arrive in order.
 */
public record DepacketizerLimits(int maxAccessUnitBytes, int maxNalUnits, int reorderWindow) {

    /** 8 MiB, 1024 NAL units, a window of 8 packets. */
    public static final DepacketizerLimits DEFAULT = new DepacketizerLimits(8 << 20, 1024, 8);

    public DepacketizerLimits {
        if (maxAccessUnitBytes < 64 || maxNalUnits < 1 || reorderWindow < 0 || reorderWindow > 1024) {
            throw new IllegalArgumentException("limits out of range: " + maxAccessUnitBytes + " bytes, "
                    + maxNalUnits + " NAL units, window " + reorderWindow);
        }
    }
}
