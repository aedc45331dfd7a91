package org.citywatch.api.integrations;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every alert event to an MQTT broker on {@code {prefix}/alerts/{cameraId}/{TYPE}}, with the JSON the
 * WebSocket pushes.
 *
 * <p><b>Why Vert.x MQTT</b> (over Eclipse Paho or the HiveMQ client): it runs on the Netty 4.2 and Vert.x event loop
 * the server already ships, with no thread of its own and nothing that blocks; Paho's Java client (1.2.5, 2020) is
 * no longer developed and brings a thread per client; the HiveMQ client brings RxJava and its own Netty line. What
 * Vert.x MQTT lacks, reconnection and an offline queue, we need under our own control anyway: a bounded queue that
 * drops the oldest and counts them, and a backoff we can state.
 *
 * <p><b>Delivery</b>: QoS 1 by default, i.e. at least once. An event leaves the queue when it is written, and is
 * forgotten only when the broker acknowledges it; the unacknowledged ones go back to the head of the queue when the
 * connection drops and are sent again (possibly twice: subscribers deduplicate on {@code eventId}). While connected,
 * events go out in the order they were heard from the store.
 *
 * <p><b>Not retained</b>: a retained message is the last one of its topic, kept by the broker for every future
 * subscriber. On a per-camera-and-type topic that would hand a newcomer some old alert (ended, resolved or a false
 * alarm hours ago) as if it were news, and retaining per alert id would leave one topic per alert on the broker
 * forever. The current state of alerts is what {@code GET /api/alerts} is for; MQTT carries the stream of changes.
 *
 * <p>Threads: {@link #offer} is called on the alert store's thread and only queues (one short lock); everything
 * else runs on the integrations' event loop.
 */
public final class MqttPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    /** QoS 1/2 messages written but not yet acknowledged; Vert.x refuses more than its max inflight queue. */
    private static final int WINDOW = 16;
    private static final int ACK_TIMEOUT_SECONDS = 10;

    private final MqttSettings settings;
    private final Vertx vertx;
    private final Context context;
    private final MqttClient client;
    private final MqttQoS qos;
    private final DropOldestQueue<OutgoingEvent> queue;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile int unacknowledged;

    // Event loop only.
    private final LinkedHashMap<Integer, OutgoingEvent> inflight = new LinkedHashMap<>();
    private final Set<Integer> earlyAcks = new HashSet<>();
    private int writing;
    private boolean connecting;
    private long reconnectTimer = -1;
    private int failedAttempts;
    private Instant downSince = Instant.now();
    private long droppedBefore;

    MqttPublisher(Vertx vertx, Context context, MqttSettings settings) {
        this.settings = settings;
        this.vertx = vertx;
        this.context = context;
        this.qos = MqttQoS.valueOf(settings.qos());
        this.queue = new DropOldestQueue<>(settings.maxQueued());
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(true) // a publisher keeps no broker-side session; our queue is the buffer
                .setAutoKeepAlive(true)
                .setKeepAliveInterval(30)
                .setMaxInflightQueue(WINDOW)
                .setAckTimeout(ACK_TIMEOUT_SECONDS);
        options.setConnectTimeout(5_000);
        settings.username().ifPresent(options::setUsername);
        settings.password().ifPresent(options::setPassword);
        if (settings.tls()) {
            options.setSsl(true);
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        this.client = MqttClient.create(vertx, options);
        client.publishCompletionHandler(this::acknowledged);
        client.publishCompletionExpirationHandler(this::ackExpired);
        client.closeHandler(v -> connectionLost());
        client.exceptionHandler(e -> log.debug("MQTT connection error: {}", e.toString()));
    }

    /** Starts connecting; a broker that is down is no error (events wait in the queue). */
    void start() {
        context.runOnContext(v -> connect());
    }

    /** Queues one event; called on the store thread: never blocks. */
    void offer(OutgoingEvent event) {
        if (closed) {
            return;
        }
        if (queue.offer(event) > 0 && dropLogged.compareAndSet(false, true)) {
            context.runOnContext(v -> log.warn("MQTT: {} events wait for {}; dropping the oldest from now on"
                    + " (counted in citywatch_mqtt_dropped_total)", queue.capacity(), settings.address()));
        }
        if (wakeScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                wakeScheduled.set(false);
                pump();
            });
        }
    }

    private void connect() {
        if (closed || connected || connecting) {
            return;
        }
        connecting = true;
        var attempt = settings.tls() ? client.connect(settings.port(), settings.host(), settings.host())
                : client.connect(settings.port(), settings.host());
        attempt.onComplete(ar -> {
            connecting = false;
            if (closed) {
                if (ar.succeeded()) {
                    client.disconnect();
                }
                return;
            }
            if (ar.succeeded()) {
                onConnected();
            } else {
                connectFailed(ar.cause());
            }
        });
    }

    private void onConnected() {
        connected = true;
        failedAttempts = 0;
        long droppedMeanwhile = queue.dropped() - droppedBefore;
        Duration away = Duration.between(downSince, Instant.now());
        if (away.toSeconds() >= 1 || droppedMeanwhile > 0) {
            log.info("MQTT connected to {} as {} after {} s; {} events queued, {} dropped meanwhile",
                    settings.address(), settings.clientId(), away.toSeconds(), queue.size(), droppedMeanwhile);
        } else {
            log.info("MQTT connected to {} as {}", settings.address(), settings.clientId());
        }
        dropLogged.set(false);
        pump();
    }

    private void connectFailed(Throwable cause) {
        failedAttempts++;
        if (failedAttempts == 1) {
            // Once per outage at WARN; every further attempt at DEBUG.
            log.warn("MQTT broker {} unreachable ({}); events are queued (at most {}) and sent when it is back",
                    settings.address(), cause.getMessage(), queue.capacity());
        } else {
            log.debug("MQTT connection attempt {} to {} failed: {}", failedAttempts, settings.address(),
                    cause.getMessage());
        }
        scheduleReconnect();
    }

    private void connectionLost() {
        boolean was = connected;
        connected = false;
        requeueInflight();
        if (was && !closed) {
            downSince = Instant.now();
            droppedBefore = queue.dropped();
            failedAttempts = 0;
            log.warn("MQTT connection to {} lost; {} events queued, reconnecting", settings.address(), queue.size());
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed || reconnectTimer != -1) {
            return;
        }
        long ms = settings.reconnect().delay(Math.max(1, failedAttempts), ThreadLocalRandom.current()).toMillis();
        reconnectTimer = vertx.setTimer(Math.max(1, ms), id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    /** Sends queued events while connected, keeping at most {@link #WINDOW} unacknowledged. */
    private void pump() {
        while (connected && !closed && inflight.size() + writing < WINDOW) {
            OutgoingEvent e = queue.poll();
            if (e == null) {
                return;
            }
            send(e);
        }
    }

    private void send(OutgoingEvent e) {
        writing++;
        client.publish(settings.topic(e.cameraId(), e.type()), Buffer.buffer(e.json()), qos, false, false)
                .onComplete(ar -> {
                    writing--;
                    if (ar.failed()) {
                        // Usually the connection went away under it: back to the head, sent again after the
                        // reconnect. Should the client refuse it while connected, try again in a second rather than
                        // in a tight loop.
                        log.debug("MQTT publish of {} failed: {}", e.eventId(), ar.cause().toString());
                        dropped(queue.requeue(List.of(e)));
                        if (connected) {
                            vertx.setTimer(1000, id -> pump());
                        }
                        return;
                    }
                    if (qos == MqttQoS.AT_MOST_ONCE) {
                        published.incrementAndGet();
                    } else if (!earlyAcks.remove(ar.result())) {
                        inflight.put(ar.result(), e);
                        unacknowledged = inflight.size();
                    } else {
                        published.incrementAndGet();
                    }
                    pump();
                });
    }

    private void acknowledged(int packetId) {
        if (inflight.remove(packetId) != null) {
            unacknowledged = inflight.size();
            published.incrementAndGet();
            pump();
        } else if (earlyAcks.size() < 4 * WINDOW) {
            earlyAcks.add(packetId); // acknowledged before the write was reported done
        }
    }

    private void ackExpired(int packetId) {
        OutgoingEvent e = inflight.remove(packetId);
        unacknowledged = inflight.size();
        if (e != null) {
            log.debug("MQTT: no acknowledgement for {} in {} s; sending it again", e.eventId(), ACK_TIMEOUT_SECONDS);
            dropped(queue.requeue(List.of(e)));
            pump();
        }
    }

    private void requeueInflight() {
        List<OutgoingEvent> pending = new ArrayList<>(inflight.values());
        inflight.clear();
        earlyAcks.clear();
        unacknowledged = 0;
        dropped(queue.requeue(pending));
    }

    private void dropped(int n) {
        if (n > 0 && dropLogged.compareAndSet(false, true)) {
            log.warn("MQTT: {} events wait for {}; dropping the oldest from now on", queue.capacity(),
                    settings.address());
        }
    }

    /** Events the broker acknowledged (QoS 1/2) or that were written (QoS 0). */
    public long published() {
        return published.get();
    }

    /** Events dropped: the oldest when the queue was full, and those still undelivered at close. */
    public long dropped() {
        return queue.dropped() + abandoned.get();
    }

    public boolean connected() {
        return connected;
    }

    /** Events waiting (not yet written, or written and not acknowledged). */
    public int queued() {
        return queue.size() + unacknowledged;
    }

    public MqttSettings settings() {
        return settings;
    }

    /**
     * Gives queued events up to the settings' close grace to go out (only while connected: a broker that is down
     * would only make shutdown wait), then disconnects. What is still queued is counted as dropped.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.closeGrace().toNanos();
        while (connected && queued() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (reconnectTimer != -1) {
                vertx.cancelTimer(reconnectTimer);
                reconnectTimer = -1;
            }
            int left = queue.clear() + inflight.size();
            inflight.clear();
            unacknowledged = 0;
            abandoned.addAndGet(left);
            if (left > 0) {
                log.warn("MQTT publisher closed with {} events not published", left);
            }
            if (connected) {
                connected = false;
                client.disconnect().onComplete(ar -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("MQTT disconnect did not finish: {}", e.toString());
        }
    }
}
