package org.citywatch.api.integrations;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code integrations} section: MQTT (absent: off), webhooks (none by default) and the CAP export.
 */
public record IntegrationSettings(Optional<MqttSettings> mqtt, List<WebhookSettings> webhooks, CapSettings cap) {

    public IntegrationSettings {
        mqtt = mqtt == null ? Optional.empty() : mqtt;
        webhooks = List.copyOf(webhooks == null ? List.of() : webhooks);
        Objects.requireNonNull(cap, "cap");
        Set<String> names = new HashSet<>();
        for (WebhookSettings w : webhooks) {
            if (!names.add(w.name())) {
                throw new IllegalArgumentException("integrations.webhooks: the name '" + w.name() + "' is used twice"
                        + " (names label the metrics)");
            }
        }
    }

    /** Nothing published; CAP export with its defaults. */
    public static IntegrationSettings none() {
        return new IntegrationSettings(Optional.empty(), List.of(), CapSettings.defaults());
    }
}
