package org.citywatch.ingest.rtsp.sdp;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed DESCRIBE answer.
 *
 * @param control    the session-level {@code a=control} as sent (absent, "*", relative or absolute)
 * @param controlUri the aggregate control URI for PLAY/TEARDOWN (RFC 2326 appendix C.1.1): the session
 *                   control resolved against the base, or the base itself when it is absent or "*"
 * @param media      the media sections in SDP order
 * @param warnings   what was skipped and why (bad lines, bad attributes, parameter sets that are not base64)
 */
public record SessionDescription(Optional<String> control, URI controlUri, List<MediaDescription> media,
                                 List<String> warnings) {

    public SessionDescription {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(controlUri, "controlUri");
        media = List.copyOf(media);
        warnings = List.copyOf(warnings);
    }

    /** The first video section with a payload type whose encoding is in {@code supportedEncodings} (any case). */
    public Optional<MediaDescription> firstVideo(Set<String> supportedEncodings) {
        return media.stream()
                .filter(MediaDescription::isVideo)
                .filter(m -> m.payloadType(supportedEncodings).isPresent())
                .findFirst();
    }
}
