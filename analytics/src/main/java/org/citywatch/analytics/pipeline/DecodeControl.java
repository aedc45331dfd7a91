package org.citywatch.analytics.pipeline;

/**
 * How analytics tells ingest which cameras it analyses, so that ingest decodes every picture of those and
 * only thumbnails of the others ("decode only what will be analysed"). The app wires it to ingest's
 * {@code MediaHub.setPolicy}; analytics itself knows nothing of decoders.
 */
@FunctionalInterface
public interface DecodeControl {

    /** Ingest does nothing special: every source decodes as it is configured. */
    DecodeControl NONE = (cameraId, analysed) -> { };

    /** The camera starts ({@code true}) or stops being analysed. */
    void analysing(String cameraId, boolean analysed);

    /**
     * The rate an analysed camera is granted now (after it started, and whenever the fair rate changes), so that
     * ingest can decode less when few pictures are wanted (keyframes only, when the rate is at or below the
     * stream's keyframe rate). Ignored by default.
     */
    default void rate(String cameraId, double fps) {
    }

    /**
     * Somebody starts ({@code true}) or stops looking at the camera's live image: a camera that is not analysed
     * then needs about one picture a second rather than a thumbnail now and then. Ignored by default.
     */
    default void viewing(String cameraId, boolean viewed) {
    }
}
