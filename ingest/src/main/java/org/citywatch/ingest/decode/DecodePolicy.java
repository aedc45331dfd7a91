package org.citywatch.ingest.decode;

import java.time.Duration;
import java.util.Objects;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * Which access units of a camera a {@link VideoDecoder} decodes, and which decoded pictures it converts to
 * BGR and hands on.
 *
 * <p>Cost model, measured on one core for a 640x360, 10 fps, 300 kbit/s H.264 stream with a keyframe every
 * second: a keyframe costs about 6.5 ms to decode, a P-frame about 0.65 ms, demuxing is nearly free. So one
 * camera decoded in full costs about 6.5 + 9 x 0.65 = 12.4 ms per second (1.2 % of a core); 1,000 cameras
 * decoding every keyframe and nothing else cost 1,000 x 6.5 ms = 6.5 cores; 1,000 cameras at one keyframe
 * per 10 s cost 1,000 x 6.5 ms / 10 s = 0.65 core. Ingest's goal is at most one core at 1,000 cameras, so
 * only the few cameras analytics is watching are decoded in full; the others get a thumbnail now and then.
 *
 * <p>Two kinds of skipping, because a P-frame is only a difference to the pictures before it:
 * <ul>
 *   <li>{@link EveryNth} still feeds the decoder every access unit of the group of pictures (a skipped
 *       P-frame would corrupt every picture after it until the next keyframe); what it saves is the
 *       conversion to BGR and the work downstream for the pictures it does not emit.</li>
 *   <li>{@link KeyframesEvery} feeds only keyframes, each of which decodes on its own; the decoder is
 *       drained and reset after each one, so no stale reference picture is ever used and no frame waits
 *       in the decoder's reordering queue.</li>
 * </ul>
 */
public sealed interface DecodePolicy {

    /** The thumbnail mode for cameras nobody is analysing: one keyframe every 10 s. */
    Duration THUMBNAIL_INTERVAL = Duration.ofSeconds(10);

    /**
     * The default for a camera nobody is analysing: {@code KeyframesEvery(10 s)}. Why 10 s: 1,000 cameras x
     * 6.5 ms per keyframe / 10 s = 0.65 core, inside the goal of at most one core for ingest at 1,000
     * cameras, while a dashboard tile stays at most 10 s (plus one keyframe interval) old.
     */
    static DecodePolicy thumbnailDefault() {
        return new KeyframesEvery(THUMBNAIL_INTERVAL);
    }

    /**
     * Whether this access unit must be given to the decoder.
     *
     * @param au                    the access unit
     * @param lastKeyframePtsMicros presentation time of the last keyframe decoded under this policy, or
     *                              {@link Long#MIN_VALUE} when there is none yet
     */
    boolean mustDecode(AccessUnit au, long lastKeyframePtsMicros);

    /**
     * Whether the decoded picture number {@code pictureIndex} (0 for the first picture decoded under this
     * policy, in presentation order) is converted to BGR and emitted.
     */
    boolean emits(long pictureIndex);

    /** True when only keyframes are fed, each decoded alone with the decoder reset around it. */
    default boolean keyframesOnly() {
        return false;
    }

    /** Decode and emit every picture: the cameras analytics is watching. */
    record All() implements DecodePolicy {
        @Override
        public boolean mustDecode(AccessUnit au, long lastKeyframePtsMicros) {
            return true;
        }

        @Override
        public boolean emits(long pictureIndex) {
            return true;
        }
    }

    /**
     * Decode every picture, emit pictures 0, n, 2n, ...: of {@code count} pictures, exactly
     * {@code ceil(count / n)} are emitted.
     */
    record EveryNth(int n) implements DecodePolicy {
        public EveryNth {
            if (n < 1) {
                throw new IllegalArgumentException("n must be >= 1, was " + n);
            }
        }

        @Override
        public boolean mustDecode(AccessUnit au, long lastKeyframePtsMicros) {
            return true;
        }

        @Override
        public boolean emits(long pictureIndex) {
            return pictureIndex % n == 0;
        }
    }

    /**
     * Decode only keyframes, and at most one per {@code interval} of presentation time (the first keyframe
     * always; then the first one at least {@code interval} after the last one decoded). {@link Duration#ZERO}
     * decodes every keyframe. A presentation time that goes backwards (the stream restarted) counts as due.
     */
    record KeyframesEvery(Duration interval) implements DecodePolicy {
        public KeyframesEvery {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("interval must not be negative, was " + interval);
            }
        }

        @Override
        public boolean mustDecode(AccessUnit au, long lastKeyframePtsMicros) {
            if (!au.keyframe()) {
                return false;
            }
            if (lastKeyframePtsMicros == Long.MIN_VALUE || au.ptsMicros() < lastKeyframePtsMicros) {
                return true;
            }
            return au.ptsMicros() - lastKeyframePtsMicros >= interval.toNanos() / 1000;
        }

        @Override
        public boolean emits(long pictureIndex) {
            return true;
        }

        @Override
        public boolean keyframesOnly() {
            return true;
        }
    }

    /** Decode nothing: no access unit reaches the decoder ({@link VideoDecoder#unitsFed()} stays put). */
    record None() implements DecodePolicy {
        @Override
        public boolean mustDecode(AccessUnit au, long lastKeyframePtsMicros) {
            return false;
        }

        @Override
        public boolean emits(long pictureIndex) {
            return false;
        }
    }
}
