/**
 * Motion gating, as Frigate does it: a cheap motion measure on a small grey copy of each frame
 * ({@link org.citywatch.analytics.motion.MotionGate}) and the rule that decides whether a frame goes to the
 * detector ({@link org.citywatch.analytics.motion.MotionGatePolicy}: motion, or live tracks, or no detection for
 * 10 s). One gate and one policy per camera, used on the camera's worker thread:
 *
 * <pre>{@code
 * MotionResult motion = slot.gate.measure(frame);                 // every accepted frame, ~1 ms
 * if (slot.policy.shouldDetect(motion, slot.tracker.liveTracks(), p.receivedNanos())) {
 *     detections = detector.detect(frame);                        // ~25-30 ms for yolox_nano on one core
 * } else {
 *     detections = List.of();                                     // the tracker only predicts
 * }
 * }</pre>
 *
 * <p>Measured on the sample clips at 5 fps: the highway and vtest clips move in every frame (nothing skipped);
 * one-by-one (people walking through one at a time) skips 18.5 % of its frames with no detector-positive frame
 * lost. See {@code MotionGateClipsTest}.
 */
package org.citywatch.analytics.motion;
