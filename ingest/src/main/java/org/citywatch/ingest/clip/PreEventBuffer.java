package org.citywatch.ingest.clip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * One camera's last seconds of coded video, whole groups of pictures from a keyframe, so that a clip cut from it
 * decodes from its first picture. It holds at least {@code keepMicros} (once the camera has sent that much): the
 * oldest group goes when the next one's keyframe is itself that old. Past {@code maxBytes} the oldest group goes
 * first; a single group over the cap is dropped and buffering starts again at the next keyframe (half a group
 * would not decode). Not thread-safe: its owner ({@link CameraClips}) locks.
 */
final class PreEventBuffer {

    /** One group of pictures: its keyframe's time, and how many units and bytes it holds. */
    private static final class Gop {
        final long keyPts;
        int units;
        long bytes;

        Gop(long keyPts) {
            this.keyPts = keyPts;
        }
    }

    private final long keepMicros;
    private final long maxBytes;
    private final ArrayDeque<AccessUnit> units = new ArrayDeque<>();
    private final ArrayDeque<Gop> gops = new ArrayDeque<>();
    private long bytes;
    private long newestPts = Long.MIN_VALUE;
    private long overflows;

    PreEventBuffer(long keepMicros, long maxBytes) {
        this.keepMicros = keepMicros;
        this.maxBytes = maxBytes;
    }

    /** Keeps a unit (in decoding order); units before the first keyframe are of no use and ignored. */
    void add(AccessUnit au) {
        if (au.keyframe()) {
            gops.addLast(new Gop(au.ptsMicros()));
        } else if (gops.isEmpty()) {
            return;
        }
        Gop current = gops.peekLast();
        units.addLast(au);
        current.units++;
        current.bytes += au.size();
        bytes += au.size();
        newestPts = Math.max(newestPts, au.ptsMicros());
        while (gops.size() >= 2 && secondKeyPts() <= newestPts - keepMicros) {
            dropOldestGop();
        }
        while (bytes > maxBytes) {
            overflows++;
            if (gops.size() >= 2) {
                dropOldestGop();
            } else {
                clear(); // the current group alone is over the cap: start again at the next keyframe
            }
        }
    }

    private long secondKeyPts() {
        Iterator<Gop> it = gops.iterator();
        it.next();
        return it.next().keyPts;
    }

    private void dropOldestGop() {
        Gop oldest = gops.pollFirst();
        for (int i = 0; i < oldest.units; i++) {
            units.pollFirst();
        }
        bytes -= oldest.bytes;
    }

    /**
     * The units from the latest keyframe at or before {@code fromPts} (or from the oldest keyframe held, when the
     * buffer does not reach back that far) to the newest; empty when no keyframe is held.
     */
    List<AccessUnit> from(long fromPts) {
        int skip = 0;
        int skipBefore = 0;
        for (Gop g : gops) {
            if (g.keyPts > fromPts) {
                break;
            }
            skip = skipBefore;
            skipBefore += g.units;
        }
        List<AccessUnit> out = new ArrayList<>(units.size() - skip);
        Iterator<AccessUnit> it = units.iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        it.forEachRemaining(out::add);
        return out;
    }

    void clear() {
        units.clear();
        gops.clear();
        bytes = 0;
        newestPts = Long.MIN_VALUE;
    }

    boolean hasKeyframe() {
        return !gops.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    int units() {
        return units.size();
    }

    /** Presentation time of the oldest keyframe held; Long.MIN_VALUE when empty. */
    long oldestKeyPts() {
        return gops.isEmpty() ? Long.MIN_VALUE : gops.peekFirst().keyPts;
    }

    /** Times the byte cap made it drop a group of pictures. */
    long overflows() {
        return overflows;
    }
}
