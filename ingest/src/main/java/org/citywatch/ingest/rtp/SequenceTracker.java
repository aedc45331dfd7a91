package org.citywatch.ingest.rtp;

/**
 * Puts packets back into sequence order and tells the assembler where the stream is discontinuous.
 * Follows RFC 3550 appendix A.1: a jump of more than {@link #MAX_DROPOUT} ahead or {@link #MAX_MISORDER}
 * behind, or a new SSRC, is believed only when the next packet continues it (one packet of probation),
 * so a stray datagram cannot derail the stream.
 *
 * <p>Reordering: a packet ahead of the expected one is held (copied, the caller's buffer is reused) in a
 * window of {@code window} packets. If the missing packet arrives, everything is delivered in order and
 * nothing is lost; when the window overflows the missing packets are declared lost. Packets older than
 * the expected one (late beyond the window, or duplicates) are discarded.
 */
final class SequenceTracker {

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;

    /** How a delivered packet relates to the one delivered before it. */
    enum Continuity { CONTINUOUS, GAP, RESTART, NEW_SOURCE }

    interface Delivery {
        void deliver(RtpPacket packet, long receivedNanos, Continuity continuity);
    }

    private final int window;
    private final RtpPacket[] held;
    private final long[] heldNanos;
    private int heldCount;
    private boolean started;
    private long ssrc;
    private int expected;
    private long probationSsrc = -1;
    private int probationSequence = -1;
    long received;
    long lost;
    long discarded;
    long reordered;

    SequenceTracker(int window) {
        this.window = window;
        this.held = new RtpPacket[window + 1];
        this.heldNanos = new long[window + 1];
    }

    void offer(RtpPacket p, long nanos, Delivery out) {
        received++;
        if (!started) {
            restart(p, nanos, Continuity.CONTINUOUS, out);
            return;
        }
        int distance = (p.sequence() - expected) & 0xFFFF;
        if (p.ssrc() != ssrc) {
            probation(p, nanos, Continuity.NEW_SOURCE, out);
        } else if (distance == 0) {
            if (heldCount > 0) {
                reordered++;
            }
            forward(p, nanos, Continuity.CONTINUOUS, out);
            drain(out);
        } else if (distance < MAX_DROPOUT) {
            hold(p, nanos, distance, out);
        } else if (distance >= 0x10000 - MAX_MISORDER) {
            discarded++; // late beyond the window, or a duplicate
        } else {
            probation(p, nanos, Continuity.RESTART, out);
        }
    }

    private void hold(RtpPacket p, long nanos, int distance, Delivery out) {
        if (window == 0) {
            lost += distance;
            forward(p, nanos, Continuity.GAP, out);
            return;
        }
        int at = 0;
        while (at < heldCount && distanceOf(held[at]) < distance) {
            at++;
        }
        if (at < heldCount && distanceOf(held[at]) == distance) {
            discarded++; // duplicate of a held packet
            return;
        }
        System.arraycopy(held, at, held, at + 1, heldCount - at);
        System.arraycopy(heldNanos, at, heldNanos, at + 1, heldCount - at);
        held[at] = p.copy();
        heldNanos[at] = nanos;
        heldCount++;
        if (heldCount > window) {
            // Waited long enough: the packets before the oldest held one are lost.
            lost += distanceOf(held[0]);
            RtpPacket first = held[0];
            long firstNanos = heldNanos[0];
            removeFirst();
            forward(first, firstNanos, Continuity.GAP, out);
            drain(out);
        }
    }

    private void drain(Delivery out) {
        while (heldCount > 0 && held[0].sequence() == expected) {
            RtpPacket next = held[0];
            long nextNanos = heldNanos[0];
            removeFirst();
            forward(next, nextNanos, Continuity.CONTINUOUS, out);
        }
    }

    private void probation(RtpPacket p, long nanos, Continuity kind, Delivery out) {
        if (p.ssrc() == probationSsrc && p.sequence() == probationSequence) {
            restart(p, nanos, kind, out);
        } else {
            probationSsrc = p.ssrc();
            probationSequence = (p.sequence() + 1) & 0xFFFF;
            discarded++;
        }
    }

    private void restart(RtpPacket p, long nanos, Continuity kind, Delivery out) {
        discarded += heldCount; // they belong to the stream we are leaving
        while (heldCount > 0) {
            removeFirst();
        }
        started = true;
        ssrc = p.ssrc();
        probationSsrc = -1;
        probationSequence = -1;
        forward(p, nanos, kind, out);
    }

    private void forward(RtpPacket p, long nanos, Continuity continuity, Delivery out) {
        expected = (p.sequence() + 1) & 0xFFFF;
        out.deliver(p, nanos, continuity);
    }

    private int distanceOf(RtpPacket p) {
        return (p.sequence() - expected) & 0xFFFF;
    }

    private void removeFirst() {
        heldCount--;
        System.arraycopy(held, 1, held, 0, heldCount);
        System.arraycopy(heldNanos, 1, heldNanos, 0, heldCount);
        held[heldCount] = null;
    }
}
