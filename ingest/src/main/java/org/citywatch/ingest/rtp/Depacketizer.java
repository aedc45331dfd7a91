package org.citywatch.ingest.rtp;

import java.util.function.Consumer;

/**
 * Turns the RTP packets of one video stream into complete {@link AccessUnit}s.
 *
 * <p>Contract, for both codecs:
 * <ul>
 *   <li>NAL units of one RTP timestamp form one access unit. It is complete when a packet has the marker
 *       bit, or when a packet with another timestamp arrives (the pending unit is emitted first).</li>
 *   <li>Output starts at a keyframe, and after any loss or malformed input the next emitted unit is again
 *       a keyframe: units that a decoder could not decode correctly are dropped, never emitted.</li>
 *   <li>A keyframe always carries the parameter sets in front of it (SDP or latest in-band ones), so a
 *       decoder can start at any keyframe.</li>
 *   <li>{@link #push} never throws on any packet content (only what {@code out} itself throws) and never
 *       keeps a reference to the packet's buffer after it returns.</li>
 *   <li>Memory is bounded by {@link DepacketizerLimits}.</li>
 * </ul>
 * Not thread-safe: one instance per stream, driven by one thread (the connection's event loop).
 */
public sealed interface Depacketizer permits H264Depacketizer, H265Depacketizer {

    /** H.264 or H.265. */
    VideoCodec codec();

    /**
     * Accepts the next packet in arrival order; completed access units go to {@code out}, synchronously.
     *
     * @param receivedNanos {@link System#nanoTime()} at arrival; becomes {@link AccessUnit#receivedNanos()}
     */
    void push(RtpPacket packet, long receivedNanos, Consumer<AccessUnit> out);

    /** Packets pushed, whatever became of them. */
    long packetsReceived();

    /** Sequence numbers never received (gaps, counted once the reorder window gave up on them). */
    long packetsLost();

    /** Packets ignored: duplicates, packets older than the window, packets of an unconfirmed new source. */
    long packetsDiscarded();

    /** Packets that arrived out of order and were put back in order by the reorder window. */
    long packetsReordered();

    /** Access units dropped: broken by loss, malformed, over a cap, or non-key while waiting for a keyframe. */
    long unitsDropped();

    /** Access units handed to {@code out}. */
    long unitsEmitted();
}
