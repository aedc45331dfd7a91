package org.citywatch.ingest.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.source.AccessUnitSink;
import org.citywatch.ingest.source.FrameSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the coded media of every RTSP camera of the node goes: each camera keeps its current GOP (capped
 * in bytes), hands access units to its subscribers through bounded queues that drop the oldest, and is
 * decoded only as its {@link DecodePolicy} asks (by default one keyframe every 10 s: a thumbnail). The
 * decode workers are shared: one per core. {@link MediaTap}s see every unit as it arrives (the clip recorder), also
 * those of sources that decode by themselves ({@link #tapOnly}).
 */
public final class MediaHub implements AccessUnitSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaHub.class);

    /** Cap on one camera's GOP window: 8 s of a 4 Mbit/s main stream. */
    public static final long GOP_MAX_BYTES = 4L * 1024 * 1024;

    private final FrameSink frames;
    private final DecodePolicy defaultPolicy;
    private final ExecutorService decodeWorkers;
    private final int decodeWidth;
    private final Map<String, CameraMedia> cameras = new ConcurrentHashMap<>();
    private final Map<String, DecodePolicy> policies = new ConcurrentHashMap<>();
    private final List<MediaTap> taps = new CopyOnWriteArrayList<>();
    private final java.util.Set<MediaTap> failedTaps = ConcurrentHashMap.newKeySet();

    public MediaHub(FrameSink frames, DecodePolicy defaultPolicy, int decodeThreads) {
        this(frames, defaultPolicy, decodeThreads, 0);
    }

    /**
     * @param decodeWidth pictures wider than this are scaled down to it in the decoder's colour conversion
     *                    (keeping the aspect): analytics asks for its model's width; 0 keeps the stream's size
     */
    public MediaHub(FrameSink frames, DecodePolicy defaultPolicy, int decodeThreads, int decodeWidth) {
        this.decodeWidth = decodeWidth;
        this.frames = frames;
        this.defaultPolicy = defaultPolicy;
        this.decodeWorkers = Executors.newFixedThreadPool(decodeThreads,
                Thread.ofPlatform().daemon().name("decode-", 0).factory());
    }

    public MediaHub(FrameSink frames, DecodePolicy defaultPolicy) {
        this(frames, defaultPolicy, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void onAccessUnit(Camera camera, AccessUnit unit) {
        media(camera).onUnit(unit);
        tapOnly(camera, unit);
    }

    /**
     * Hands a unit to the taps alone: it is neither kept nor decoded here. For sources that decode their pictures
     * themselves (files read by FFmpeg), whose pictures must not be decoded a second time.
     */
    public void tapOnly(Camera camera, AccessUnit unit) {
        for (MediaTap tap : taps) {
            try {
                tap.onAccessUnit(camera, unit);
            } catch (RuntimeException e) {
                // A broken tap must not break ingest: logged once, the unit goes on to the others.
                if (failedTaps.add(tap)) {
                    log.error("Media tap {} failed on camera {}; it keeps being called", tap, camera.id(), e);
                }
            }
        }
    }

    /** Tells the taps that this camera's source gives no access units, and why (see {@link MediaTap#noAccessUnits}). */
    public void noAccessUnits(Camera camera, String reason) {
        for (MediaTap tap : taps) {
            tap.noAccessUnits(camera, reason);
        }
    }

    /** Lets {@code tap} see every access unit from now on. */
    public void addTap(MediaTap tap) {
        taps.add(java.util.Objects.requireNonNull(tap, "tap"));
    }

    public void removeTap(MediaTap tap) {
        taps.remove(tap);
    }

    private CameraMedia media(Camera camera) {
        return cameras.computeIfAbsent(camera.id(), id -> new CameraMedia(camera, GOP_MAX_BYTES,
                policies.getOrDefault(id, defaultPolicy), decodeWorkers, frames, decodeWidth));
    }

    /** Decode this camera as {@code policy} says from now on (analytics asks for every frame, say). */
    public void setPolicy(String cameraId, DecodePolicy policy) {
        // The same policy again changes nothing: a reset would make the decoder wait for the next keyframe.
        if (policy.equals(policies.put(cameraId, policy))) {
            return;
        }
        CameraMedia m = cameras.get(cameraId);
        if (m != null) {
            m.setPolicy(policy);
        }
    }

    public DecodePolicy policy(String cameraId) {
        return policies.getOrDefault(cameraId, defaultPolicy);
    }

    /** A bounded feed of the camera's access units, starting with its current GOP. */
    public BoundedHandoff<AccessUnit> subscribe(Camera camera, int capacity) {
        return media(camera).subscribe(capacity);
    }

    public void unsubscribe(String cameraId, BoundedHandoff<AccessUnit> feed) {
        CameraMedia m = cameras.get(cameraId);
        if (m != null) {
            m.unsubscribe(feed);
        } else {
            feed.close();
        }
    }

    /** The camera's access units since its last keyframe. */
    public List<AccessUnit> currentGop(String cameraId) {
        return Optional.ofNullable(cameras.get(cameraId)).map(CameraMedia::currentGop).orElse(List.of());
    }

    /** Forget a camera that was removed (its decoder is closed). */
    public void remove(String cameraId) {
        CameraMedia m = cameras.remove(cameraId);
        policies.remove(cameraId);
        if (m != null) {
            m.close();
        }
        for (MediaTap tap : taps) {
            tap.cameraRemoved(cameraId);
        }
    }

    @Override
    public void close() {
        cameras.values().forEach(CameraMedia::close);
        cameras.clear();
        decodeWorkers.shutdown();
    }
}
