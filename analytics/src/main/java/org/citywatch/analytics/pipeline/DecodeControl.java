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

    /**
     * This control, also telling {@code also} when a camera starts or stops being analysed (the app keeps clip
     * buffers for analysed cameras). Every call is passed on here, beside the methods, so that a method added to this
     * interface cannot be dropped by a wrapper that forgot it.
     */
    default DecodeControl alsoOnAnalysing(java.util.function.BiConsumer<String, Boolean> also) {
        DecodeControl inner = this;
        return new DecodeControl() {
            @Override
            public void analysing(String cameraId, boolean analysed) {
                inner.analysing(cameraId, analysed);
                also.accept(cameraId, analysed);
            }

            @Override
            public void rate(String cameraId, double fps) {
                inner.rate(cameraId, fps);
            }

            @Override
            public void viewing(String cameraId, boolean viewed) {
                inner.viewing(cameraId, viewed);
            }
        };
    }
}
