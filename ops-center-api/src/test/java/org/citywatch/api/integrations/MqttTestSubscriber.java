package org.citywatch.api.integrations;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test subscriber with the same client library as the publisher: subscribes to {@code {prefix}/alerts/#} at QoS 1
 * and collects what arrives. With {@code persistent} (clean session off, a fixed client id) the broker keeps what is
 * published while it is disconnected.
 */
final class MqttTestSubscriber implements AutoCloseable {

    record Received(String topic, String payload, MqttQoS qos, boolean retained) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final String clientId;
    private final boolean persistent;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private MqttClient client;

    MqttTestSubscriber(String clientId, boolean persistent) {
        this.clientId = clientId;
        this.persistent = persistent;
    }

    /** Connects and (re)subscribes; returns when the broker acknowledged the subscription. */
    MqttTestSubscriber connect(int port, String filter) throws Exception {
        client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setCleanSession(!persistent)
                .setAutoAck(true));
        client.publishHandler(m -> received.add(new Received(m.topicName(),
                m.payload().toString(StandardCharsets.UTF_8), m.qosLevel(), m.isRetain())));
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        client.subscribeCompletionHandler(ack -> subscribed.complete(null));
        client.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.subscribe(filter, 1);
        subscribed.get(10, TimeUnit.SECONDS);
        return this;
    }

    void disconnect() throws Exception {
        if (client != null && client.isConnected()) {
            client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Waits (polling, with a deadline) until {@code n} messages arrived; returns them in arrival order. */
    List<Received> await(int n, Duration within) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Received r = received.poll(left, TimeUnit.NANOSECONDS);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whatever arrives within {@code quiet} (to check that nothing more came). */
    List<Received> drain(Duration quiet) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        Received r;
        while ((r = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            disconnect();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
