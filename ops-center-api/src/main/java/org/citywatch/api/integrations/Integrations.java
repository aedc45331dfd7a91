package org.citywatch.api.integrations;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.api.server.AlertEventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that carries alert events out of CityWatch: the MQTT publisher and the webhooks, on one small Vert.x
 * instance of their own (one event loop: this is I/O of a few events a second, and its own instance means a stuck
 * endpoint can never slow the API's loops), subscribed to the alert store. The CAP export is stateless and lives in
 * {@link CapExport}.
 *
 * <p>The store calls {@link #accept} on its own thread: the event is turned into JSON once (the very JSON the
 * WebSocket pushes) and queued for each destination; nothing here waits for the network on that thread.
 */
public final class Integrations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Integrations.class);

    private final IntegrationSettings settings;
    private final Vertx vertx;
    private final HttpClient http;
    private final MqttPublisher mqtt;
    private final List<WebhookSender> webhooks;
    private final AutoCloseable subscription;

    private Integrations(IntegrationSettings settings, AlertStore store) {
        this.settings = settings;
        boolean any = settings.mqtt().isPresent() || !settings.webhooks().isEmpty();
        if (!any) {
            vertx = null;
            http = null;
            mqtt = null;
            webhooks = List.of();
            subscription = null;
            return;
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        Context context = vertx.getOrCreateContext();
        mqtt = settings.mqtt().map(m -> new MqttPublisher(vertx, context, m)).orElse(null);
        if (settings.webhooks().isEmpty()) {
            http = null;
            webhooks = List.of();
        } else {
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setName("citywatch-webhooks"), new PoolOptions().setHttp1MaxSize(4));
            List<WebhookSender> list = new ArrayList<>();
            for (WebhookSettings w : settings.webhooks()) {
                list.add(new WebhookSender(vertx, context, http, w));
            }
            webhooks = List.copyOf(list);
        }
        if (mqtt != null) {
            mqtt.start();
            log.info("Integrations: MQTT to {} on {}/alerts/{cameraId}/{TYPE} (QoS {})", mqtt.settings().address(),
                    mqtt.settings().topicPrefix(), mqtt.settings().qos());
        }
        for (WebhookSender w : webhooks) {
            log.info("Integrations: webhook {} to {} ({})", w.settings().name(), w.settings().redactedUrl(),
                    w.settings().types().isEmpty() ? "all types" : w.settings().types());
        }
        subscription = store.subscribe(this::accept);
    }

    /** Starts what is configured and subscribes it to the store; with nothing configured it does nothing. */
    public static Integrations start(IntegrationSettings settings, AlertStore store) {
        return new Integrations(settings, store);
    }

    /** One event from the store (on its thread): serialised once, queued for each destination. Never throws. */
    void accept(AlertEvent event) {
        try {
            byte[] json = AlertEventJson.of(event).getBytes(StandardCharsets.UTF_8);
            OutgoingEvent out = new OutgoingEvent(event.eventId(), event.cameraId(), event.alert().type(), json,
                    Instant.now());
            if (mqtt != null) {
                mqtt.offer(out);
            }
            for (WebhookSender w : webhooks) {
                w.offer(event.alert(), out);
            }
        } catch (RuntimeException e) {
            // The store's thread must go on whatever happens here.
            log.error("Integrations: event {} could not be queued", event.eventId(), e);
        }
    }

    public IntegrationSettings settings() {
        return settings;
    }

    public Optional<MqttPublisher> mqtt() {
        return Optional.ofNullable(mqtt);
    }

    public List<WebhookSender> webhooks() {
        return webhooks;
    }

    /** Unsubscribes, lets MQTT flush briefly (only while connected), stops the webhooks, and frees the event loop. */
    @Override
    public void close() {
        if (vertx == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            log.debug("Unsubscribing the integrations: {}", e.toString());
        }
        if (mqtt != null) {
            mqtt.close();
        }
        webhooks.forEach(WebhookSender::close);
        try {
            if (http != null) {
                http.close().await(5, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Integrations' Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
