package org.citywatch.analytics.alert;

/**
 * What evidence an alert has; the bytes are in an {@link EvidenceStore}.
 *
 * @param snapshot true when a JPEG snapshot (boxes and zone drawn) is stored
 * @param clip     the state of its MP4 clip
 * @param clipNote why there is no clip, when {@code clip} is NONE or FAILED; empty otherwise
 */
public record Evidence(boolean snapshot, ClipState clip, String clipNote) {

    public static final Evidence NONE = new Evidence(false, ClipState.NONE, "");

    public Evidence {
        clip = clip == null ? ClipState.NONE : clip;
        clipNote = clipNote == null ? "" : clipNote;
    }

    /** NONE: no clip for this alert (a camera without coded media, say); RECORDING: the seconds after the start are
     * still being recorded; READY: stored; FAILED: recording failed (see the note). */
    public enum ClipState { NONE, RECORDING, READY, FAILED }

    public Evidence withSnapshot(boolean stored) {
        return new Evidence(stored, clip, clipNote);
    }

    public Evidence withClip(ClipState state, String note) {
        return new Evidence(snapshot, state, note);
    }
}
