package org.citywatch.api.server;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.citywatch.analytics.alert.AlertEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each new alert to every connected WebSocket client. A client that does not read is not allowed
 * to make memory grow: once its write queue is full, it is disconnected (it can reconnect and fetch
 * /api/alerts to catch up).
 */
final class AlertPush {

    private static final Logger log = LoggerFactory.getLogger(AlertPush.class);
    /** Bytes queued per client before it counts as too slow (about a hundred alert messages). */
    static final int MAX_QUEUED_BYTES = 256 * 1024;

    private final Set<ServerWebSocket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();

    void add(ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        clients.add(ws);
        ws.closeHandler(v -> clients.remove(ws));
        ws.exceptionHandler(e -> {
            log.debug("WebSocket client {} failed: {}", ws.remoteAddress(), e.toString());
            clients.remove(ws);
        });
        // Clients only listen; anything they send is ignored.
        ws.handler(b -> { });
    }

    void publish(AlertEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        String message = JsonViews.alertEvent(event); // serialised once, whatever the number of clients
        for (ServerWebSocket ws : clients) {
            if (ws.writeQueueFull()) {
                dropped.incrementAndGet();
                clients.remove(ws);
                log.warn("WebSocket client {} is not reading; disconnected", ws.remoteAddress());
                ws.close((short) 1008, "too slow");
                continue;
            }
            ws.writeTextMessage(message);
        }
    }

    int clientCount() {
        return clients.size();
    }

    void closeAll() {
        clients.forEach(ServerWebSocket::close);
        clients.clear();
    }
}
