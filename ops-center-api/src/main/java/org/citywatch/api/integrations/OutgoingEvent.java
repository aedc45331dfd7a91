package org.citywatch.api.integrations;

import java.time.Instant;
import org.citywatch.analytics.alert.AlertType;

/**
 * One alert event on its way out: serialised once (the same JSON bytes go to the broker and to every webhook) when
 * it was heard from the store.
 *
 * @param queuedAt when this node queued it: a webhook's {@code maxAge} counts from here
 */
record OutgoingEvent(String eventId, String cameraId, AlertType type, byte[] json, Instant queuedAt) {
}
