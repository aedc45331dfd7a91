package org.citywatch.api.push;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The push's figures for {@code /metrics}:
 * <pre>
 * citywatch_push_clients{transport="ws|sse"}              connected now
 * citywatch_push_events_total{type="alert|camera"}        events taken by the hub (each serialised once)
 * citywatch_push_messages_total                           messages written to clients (fan-out and replay)
 * citywatch_push_replayed_messages_total                  of which sent from the replay ring (resume, catch-up)
 * citywatch_push_fell_behind_total                        times a client's queue was full when an event was due
 * citywatch_push_dropped_clients_total{transport}         disconnected for not catching up (too slow)
 * citywatch_push_replay_events                            events held for resume
 * citywatch_push_lag_ms{quantile="0.5|0.99"}              alert event created → written to its clients
 * citywatch_event_bus_lag_ms{quantile="0.5|0.99"}         alert event created → heard on this node's alert bus
 * </pre>
 * Both lags are over the last 4096 alert events; they are measured against the event's time, so across nodes they
 * include any clock difference, and for an alert raised from a frame they include the analysis of that frame.
 */
public final class PushMetrics implements MeterBinder {

    private final PushHub hub;

    public PushMetrics(PushHub hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Transport t : Transport.values()) {
            Gauge.builder("citywatch_push_clients", hub, h -> h.clients(t)).tag("transport", t.tag)
                    .description("live-push clients connected").register(registry);
            FunctionCounter.builder("citywatch_push_dropped_clients", hub, h -> h.droppedClients(t))
                    .tag("transport", t.tag).description("live-push clients disconnected for being too slow")
                    .register(registry);
        }
        FunctionCounter.builder("citywatch_push_events", hub, PushHub::alertEvents).tag("type", "alert")
                .description("events taken by the live push").register(registry);
        FunctionCounter.builder("citywatch_push_events", hub, PushHub::cameraEvents).tag("type", "camera")
                .description("events taken by the live push").register(registry);
        FunctionCounter.builder("citywatch_push_messages", hub, PushHub::messagesSent)
                .description("messages written to live-push clients").register(registry);
        FunctionCounter.builder("citywatch_push_replayed_messages", hub, PushHub::messagesReplayed)
                .description("messages sent from the replay ring: resumes and clients catching up").register(registry);
        FunctionCounter.builder("citywatch_push_fell_behind", hub, PushHub::fellBehind)
                .description("times a live-push client's queue was full when an event was due").register(registry);
        Gauge.builder("citywatch_push_replay_events", hub, PushHub::replayHeld)
                .description("events held for clients that reconnect").register(registry);
        for (double q : new double[] {0.5, 0.99}) {
            Gauge.builder("citywatch_push_lag_ms", hub, h -> h.pushLagMs(q)).tag("quantile", Double.toString(q))
                    .description("alert event created to written to its clients, last 4096 events")
                    .register(registry);
            Gauge.builder("citywatch_event_bus_lag_ms", hub, h -> h.busLagMs(q)).tag("quantile", Double.toString(q))
                    .description("alert event created to heard on this node's alert bus, last 4096 events")
                    .register(registry);
        }
    }
}
