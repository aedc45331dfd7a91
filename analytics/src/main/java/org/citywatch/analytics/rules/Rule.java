package org.citywatch.analytics.rules;

/**
 * One rule of one camera (and usually one zone or line). Rules keep their own state from frame to frame
 * (how long a crowd has lasted, which tracks already crossed a line), are called by the one worker that
 * holds the camera at a time, and so need no locks. A rule must not throw on odd input (an empty frame,
 * a track that jumps); the pipeline treats an exception as a failure of that rule on that frame.
 */
public interface Rule {

    /** Unique within its camera, stable across reloads of the same configuration, e.g. {@code crowd@plaza}. */
    String id();

    /** Looks at one analysed frame and reports what holds now (and lines crossed) to {@code out}. */
    void evaluate(SceneFrame frame, RuleOutput out);
}
