package org.citywatch.ingest.rtp;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.citywatch.ingest.rtp.SequenceTracker.Continuity;

/**
 * Builds Annex-B access units from NAL units (whole or in fragments), for either codec. The depacketizers
 * parse their RTP payload format and call {@link #nalUnit}, {@link #fragmentStart},
 * {@link #fragmentContinue} or {@link #malformed}; this class owns the rules both share: access unit
 * boundaries, loss and resync at keyframes, the caps, parameter sets in front of keyframes and the clock.
 *
 * <p>A unit is "broken" when anything of it may be missing or wrong; a broken unit is dropped and the
 * output resumes at the next keyframe that starts cleanly (its first packet arrived without a gap before
 * it). Output also starts at a keyframe: a decoder can do nothing with what precedes one.
 */
final class AccessUnitAssembler {

    private static final int INITIAL_CAPACITY = 16 * 1024;
    /** RTP clock of H.264 and H.265 video (RFC 6184 section 8.2.1, RFC 7798 section 7.1). */
    private static final long CLOCK_HZ = 90_000;
    /** Largest frame interval believed when estimating the step across an SSRC change: 5 s. */
    private static final long MAX_STEP = 5 * CLOCK_HZ;

    private final NalSyntax syntax;
    private final ParameterSets parameterSets;
    private final int maxBytes;
    private final int[] nalStarts;
    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int length;
    private int nalCount;
    private int parameterSetNals;
    private int presentMask;
    private boolean pending;
    private boolean broken;
    private boolean overflowed;
    private boolean keyframe;
    private boolean needKeyframe = true;
    /** Type of the NAL unit being reassembled from fragments, -1 when none. */
    private int fragmentType = -1;
    private long timestamp;
    private long extended;
    private long receivedNanos;
    // RTP timestamps unwrapped to 64 bits; the origin is the first emitted unit's.
    private boolean clockStarted;
    private boolean rebase;
    private long lastTimestamp;
    private long lastExtended;
    private long lastStep = CLOCK_HZ / 25;
    private boolean originSet;
    private long origin;
    long emitted;
    long dropped;

    AccessUnitAssembler(NalSyntax syntax, List<byte[]> parameterSets, DepacketizerLimits limits) {
        this.syntax = syntax;
        this.parameterSets = new ParameterSets(syntax, parameterSets);
        this.maxBytes = limits.maxAccessUnitBytes();
        this.nalStarts = new int[limits.maxNalUnits()];
    }

    /** Called for every packet in sequence order, before its payload. */
    void startPacket(long rtpTimestamp, long nanos, Continuity continuity, Consumer<AccessUnit> out) {
        boolean discontinuous = continuity != Continuity.CONTINUOUS;
        if (discontinuous) {
            // Whatever was lost may belong to the pending unit's tail or the next unit's head: both are broken.
            needKeyframe = true;
            broken |= pending;
        }
        rebase |= continuity == Continuity.NEW_SOURCE;
        if (pending && rtpTimestamp != timestamp) {
            finish(out);
        }
        if (!pending) {
            begin(rtpTimestamp);
        }
        broken |= discontinuous;
        receivedNanos = nanos;
    }

    /** True while the current unit is still worth parsing payloads for. */
    boolean accepting() {
        return pending && !broken;
    }

    /** A whole NAL unit of at least one header (single NAL unit packet or aggregation unit). */
    void nalUnit(byte[] b, int off, int len) {
        if (!accepting()) {
            return;
        }
        if (fragmentType >= 0) {
            malformed(); // the fragmented unit never got its end (RFC 6184 5.8, RFC 7798 4.4.3)
        } else if (openNal(syntax.nalType(b, off), len)) {
            append(b, off, len);
        }
    }

    /** First fragment of a NAL unit; {@code header} is its reconstructed NAL unit header. */
    void fragmentStart(int header, byte[] b, int off, int len) {
        if (!accepting()) {
            return;
        }
        int headerBytes = syntax.headerBytes();
        int type = syntax.typeOfHeader(header);
        if (fragmentType >= 0) {
            malformed();
        } else if (openNal(type, headerBytes + len)) {
            for (int i = headerBytes - 1; i >= 0; i--) {
                buf[length++] = (byte) (header >>> (8 * i));
            }
            append(b, off, len);
            fragmentType = type;
        }
    }

    /** A later fragment; must continue the NAL unit of the same type whose start fragment was seen. */
    void fragmentContinue(int type, byte[] b, int off, int len, boolean end) {
        if (!accepting()) {
            return;
        }
        if (fragmentType != type) {
            malformed(); // its start fragment was never received
        } else if (len > maxBytes - length) {
            overflow();
        } else {
            ensureCapacity(length + len);
            append(b, off, len);
            if (end) {
                fragmentType = -1;
            }
        }
    }

    /** The current unit has content that cannot be trusted: drop it, resync at a keyframe. */
    void malformed() {
        broken |= pending;
    }

    /** The unit is complete (marker bit or new timestamp): emit it, or count it as dropped. */
    void finish(Consumer<AccessUnit> out) {
        if (!pending) {
            return;
        }
        pending = false;
        boolean intact = !broken && fragmentType < 0;
        if (intact) {
            parameterSets.update(buf, nalStarts, nalCount, length, presentMask);
            if (parameterSetNals == nalCount) {
                // Nothing, or parameter sets alone (some cameras give them their own timestamp): no picture
                // to emit; they are learned and will lead the next keyframe.
                reset();
                return;
            }
        }
        byte[] data = null;
        if (intact && (keyframe || !needKeyframe)) {
            data = keyframe ? withParameterSets() : Arrays.copyOf(buf, length); // null: over the cap with sets
        }
        if (data == null) {
            dropped++;
            needKeyframe = true;
            reset();
            return;
        }
        needKeyframe = false;
        AccessUnit unit = new AccessUnit(syntax.codec(), timestamp, ptsMicros(extended), keyframe, data,
                receivedNanos);
        reset();
        emitted++;
        out.accept(unit);
    }

    private void begin(long rtpTimestamp) {
        pending = true;
        timestamp = rtpTimestamp;
        if (!clockStarted) {
            clockStarted = true;
            extended = rtpTimestamp;
        } else if (rebase) {
            // A new source has its own random timestamp base: continue our clock by one frame instead.
            extended = lastExtended + lastStep;
        } else {
            long step = (int) (rtpTimestamp - lastTimestamp); // signed 32-bit difference unwraps the clock
            extended = lastExtended + step;
            if (step > 0 && step <= MAX_STEP) {
                lastStep = step;
            }
        }
        rebase = false;
        lastTimestamp = rtpTimestamp;
        lastExtended = extended;
    }

    private long ptsMicros(long ext) {
        if (!originSet) {
            originSet = true;
            origin = ext;
        }
        return Math.floorDiv((ext - origin) * 1_000_000, CLOCK_HZ);
    }

    private boolean openNal(int type, int bytes) {
        if (nalCount == nalStarts.length || bytes > maxBytes - 4 - length) {
            overflow();
            return false;
        }
        ensureCapacity(length + 4 + bytes);
        nalStarts[nalCount++] = length;
        buf[length] = 0;
        buf[length + 1] = 0;
        buf[length + 2] = 0;
        buf[length + 3] = 1;
        length += 4;
        keyframe |= syntax.isKeyframe(type);
        int slot = syntax.parameterSetSlot(type);
        if (slot >= 0) {
            presentMask |= 1 << slot;
            parameterSetNals++;
        }
        return true;
    }

    /** Keyframe without all parameter sets in-band: put the known ones in front (after an AUD, which must lead). */
    private byte[] withParameterSets() {
        int extra = parameterSets.annexBBytes();
        if ((presentMask & parameterSets.allKinds()) == parameterSets.allKinds() || extra == 0) {
            return Arrays.copyOf(buf, length);
        }
        if (extra > maxBytes - length) {
            return null;
        }
        int at = syntax.isDelimiter(syntax.nalType(buf, nalStarts[0] + 4))
                ? (nalCount > 1 ? nalStarts[1] : length) : 0;
        byte[] data = new byte[length + extra];
        System.arraycopy(buf, 0, data, 0, at);
        parameterSets.writeAnnexB(data, at);
        System.arraycopy(buf, at, data, at + extra, length - at);
        return data;
    }

    private void overflow() {
        broken = true;
        overflowed = true;
    }

    private void append(byte[] b, int off, int len) {
        System.arraycopy(b, off, buf, length, len);
        length += len;
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, Math.max(needed, 2L * buf.length)));
        }
    }

    private void reset() {
        if (overflowed) {
            buf = new byte[INITIAL_CAPACITY]; // give back what a runaway unit made us allocate
        }
        length = 0;
        nalCount = 0;
        parameterSetNals = 0;
        presentMask = 0;
        broken = false;
        overflowed = false;
        keyframe = false;
        fragmentType = -1;
    }
}
