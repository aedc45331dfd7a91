package org.citywatch.ingest.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.source.AccessUnitSink;
import org.citywatch.ingest.source.FrameSink;

/**
 * Where the coded media of every RTSP camera of the node goes: each camera keeps its current GOP (capped
 * in bytes), hands access units to its subscribers through bounded queues that drop the oldest, and is
 * decoded only as its {@link DecodePolicy} asks (by default one keyframe every 10 s: a thumbnail). The
 * decode workers are shared: one per core.
 */
public final class MediaHub implements AccessUnitSink, AutoCloseable {

    /** Cap on one camera's GOP window: 8 s of a 4 Mbit/s main stream. */
    public static final long GOP_MAX_BYTES = 4L * 1024 * 1024;

    private final FrameSink frames;
    private final DecodePolicy defaultPolicy;
    private final ExecutorService decodeWorkers;
    private final int decodeWidth;
    private final Map<String, CameraMedia> cameras = new ConcurrentHashMap<>();
    private final Map<String, DecodePolicy> policies = new ConcurrentHashMap<>();

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
    }

    @Override
    public void close() {
        cameras.values().forEach(CameraMedia::close);
        cameras.clear();
        decodeWorkers.shutdown();
    }
}
