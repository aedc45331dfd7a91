package org.citywatch.ingest.media;

import java.util.ArrayList;
import java.util.List;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * The current group of pictures of one camera: the access units since the last keyframe, capped in
 * bytes. It is what a late joiner (a new subscriber, an evidence clip) needs to start decoding at once.
 * Past the cap it stops adding until the next keyframe (a clip of a partial GOP would not decode anyway).
 * Not thread-safe: one writer (the camera's event loop), readers take a copy under the owner's lock.
 */
final class GopWindow {

    private final long maxBytes;
    private final List<AccessUnit> units = new ArrayList<>();
    private long bytes;
    private boolean full;

    GopWindow(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(AccessUnit au) {
        if (au.keyframe()) {
            units.clear();
            bytes = 0;
            full = false;
        } else if (units.isEmpty() || full) {
            return; // no keyframe yet to start from, or over the cap until the next one
        }
        if (bytes + au.size() > maxBytes) {
            full = true;
            return;
        }
        units.add(au);
        bytes += au.size();
    }

    List<AccessUnit> snapshot() {
        return List.copyOf(units);
    }

    long bytes() {
        return bytes;
    }

    boolean truncated() {
        return full;
    }
}
