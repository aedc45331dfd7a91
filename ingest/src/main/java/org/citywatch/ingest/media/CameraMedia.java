package org.citywatch.ingest.media;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.decode.VideoDecoder;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.source.FrameSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's coded media: its current GOP, its subscribers, and its decoder. Access units arrive on a
 * network event loop and are only queued there; decoding runs on the shared decode workers, one task
 * per camera at a time, so a slow decode never holds up the network and cameras never share a decoder.
 */
final class CameraMedia {

    private static final Logger log = LoggerFactory.getLogger(CameraMedia.class);
    /** Units waiting for the decoder: about four GOPs of a 10 fps, 1 s GOP stream. */
    static final int DECODE_QUEUE_UNITS = 40;

    private final Camera camera;
    private final GopWindow gop;
    private final List<BoundedHandoff<AccessUnit>> subscribers = new CopyOnWriteArrayList<>();
    private final Executor decodeWorkers;
    private final FrameSink frames;

    // Guarded by this.
    private final ArrayDeque<AccessUnit> decodeQueue = new ArrayDeque<>();
    private boolean draining;
    private boolean waitForKeyframe;
    private long decodeQueueDrops;
    /** Keyframes-only policies: presentation time of the last keyframe queued for a thumbnail. */
    private long thumbnailPts = Long.MIN_VALUE;

    private volatile DecodePolicy policy;
    private VideoDecoder decoder; // decode worker only (one at a time)
    private final int decodeWidth;
    private org.citywatch.ingest.rtp.VideoCodec decoderCodec;
    private boolean closed;

    CameraMedia(Camera camera, long gopMaxBytes, DecodePolicy policy, Executor decodeWorkers, FrameSink frames,
                int decodeWidth) {
        this.camera = camera;
        this.decodeWidth = decodeWidth;
        this.gop = new GopWindow(gopMaxBytes);
        this.policy = policy;
        this.decodeWorkers = decodeWorkers;
        this.frames = frames;
    }

    /** On the network event loop: keep, fan out, queue for decoding. Never blocks. */
    void onUnit(AccessUnit au) {
        synchronized (gop) {
            gop.add(au);
        }
        for (BoundedHandoff<AccessUnit> s : subscribers) {
            s.offer(au);
        }
        DecodePolicy p = policy;
        if (p instanceof DecodePolicy.None || (p.keyframesOnly() && !au.keyframe())) {
            return; // the cheap modes never need this unit: not even queued
        }
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (p.keyframesOnly()) {
                // Only the keyframes that are due are queued (a thumbnail every 10 s, not every keyframe):
                // claimed here, given back by the worker if the decode yields no picture.
                if (!p.mustDecode(au, thumbnailPts)) {
                    return;
                }
                thumbnailPts = au.ptsMicros();
            }
            if (waitForKeyframe && !au.keyframe()) {
                return;
            }
            waitForKeyframe = false;
            if (decodeQueue.size() == DECODE_QUEUE_UNITS) {
                // The decoder is behind: drop the backlog (a P-frame without its predecessors is useless)
                // and start again at the next keyframe.
                decodeQueueDrops += decodeQueue.size();
                decodeQueue.clear();
                waitForKeyframe = !au.keyframe();
                if (waitForKeyframe) {
                    return;
                }
            }
            decodeQueue.addLast(au);
            schedule = !draining;
            draining = true;
        }
        if (schedule) {
            decodeWorkers.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            AccessUnit au;
            synchronized (this) {
                au = decodeQueue.pollFirst();
                if (au == null || closed) {
                    draining = false;
                    if (closed) {
                        closeDecoder();
                    }
                    return;
                }
            }
            boolean keyframesOnly = policy.keyframesOnly();
            try {
                VideoDecoder d = decoderFor(au);
                long emitted = d.framesEmitted();
                d.decode(au, f -> frames.onFrame(camera, f));
                if (keyframesOnly && d.framesEmitted() == emitted) {
                    giveBackThumbnail(au);
                }
            } catch (RuntimeException e) {
                log.warn("Camera {}: decoding failed ({}); resuming at the next keyframe", camera.id(), e.toString());
                closeDecoder();
                if (keyframesOnly) {
                    giveBackThumbnail(au);
                }
            }
            if (keyframesOnly) {
                // A keyframe decodes alone and the decoder is reset after it anyway: keeping it open until the
                // next thumbnail would only hold its picture buffers and the BGR buffer, about 2.6 MB per
                // camera (2.6 GB at 1,000 cameras). Opening a decoder costs far less than decoding a keyframe.
                closeDecoder();
            }
        }
    }

    /** The claimed keyframe gave no picture: the next keyframe is due at once. */
    private synchronized void giveBackThumbnail(AccessUnit au) {
        if (thumbnailPts == au.ptsMicros()) {
            thumbnailPts = Long.MIN_VALUE;
        }
    }

    private VideoDecoder decoderFor(AccessUnit au) {
        if (decoder == null || decoderCodec != au.codec()) {
            closeDecoder();
            decoder = new VideoDecoder(au.codec(), policy, decodeWidth);
            decoderCodec = au.codec();
        } else if (decoder.policy() != policy) {
            decoder.setPolicy(policy);
        }
        return decoder;
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    void setPolicy(DecodePolicy p) {
        synchronized (this) {
            thumbnailPts = Long.MIN_VALUE; // a new policy starts with a picture at once, as VideoDecoder's does
        }
        policy = p;
    }

    DecodePolicy policy() {
        return policy;
    }

    BoundedHandoff<AccessUnit> subscribe(int capacity) {
        BoundedHandoff<AccessUnit> h = new BoundedHandoff<>(capacity);
        synchronized (gop) {
            gop.snapshot().forEach(h::offer); // a new subscriber can start decoding at once
            subscribers.add(h);
        }
        return h;
    }

    void unsubscribe(BoundedHandoff<AccessUnit> h) {
        subscribers.remove(h);
        h.close();
    }

    List<AccessUnit> currentGop() {
        synchronized (gop) {
            return gop.snapshot();
        }
    }

    synchronized long decodeQueueDrops() {
        return decodeQueueDrops;
    }

    void close() {
        subscribers.forEach(BoundedHandoff::close);
        subscribers.clear();
        synchronized (this) {
            closed = true;
            decodeQueue.clear();
            if (!draining) {
                draining = true;
                decodeWorkers.execute(this::drain); // closes the decoder on a worker, never under a decode
            }
        }
    }
}
