package org.citywatch.api.server;

import org.citywatch.analytics.alert.AlertEvent;

/**
 * The JSON of one alert event exactly as the live push sends it ({@code {"type":"alert","event":…,"eventId":…,
 * "alert":{…}}}), for the integrations (MQTT, webhooks) to publish the same bytes a dashboard gets. A door onto
 * {@link JsonViews}, which stays package-private so that nothing else learns to build alert JSON by itself.
 */
public final class AlertEventJson {

    private AlertEventJson() {
    }

    public static String of(AlertEvent event) {
        return JsonViews.alertEvent(event);
    }
}
