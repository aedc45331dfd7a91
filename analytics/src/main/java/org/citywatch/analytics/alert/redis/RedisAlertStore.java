package org.citywatch.analytics.alert.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.PublishResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared alert store: alert state and the event bus in Redis, so that several API nodes see the same alerts and
 * each hears every event. Keys ({@link RedisKeys}): a stream of events (bounded, {@code MAXLEN ~ streamMaxLen}), a
 * hash of the alerts' latest events, a hash of their versions and a sorted set of their ids (bounded to
 * {@code maxAlerts}, oldest out first). A publish is one atomic script ({@link PublishScript}); each node reads the
 * stream through a consumer group of its own ({@link AlertStreamReader}).
 *
 * <p>Nothing is lost while Redis is away: a publish that cannot reach it goes to a bounded journal on the local disk
 * ({@link AlertJournal}, result JOURNALLED, and {@code get}/{@code query} show the journalled alerts meanwhile);
 * a background thread ({@link JournalReplayer}) reconnects and replays it in order through the same script, whose
 * version check skips what Redis already has. While the journal holds events, new ones go there too, so each
 * camera's events reach the stream in order. Journalled events reach the subscribers when they are replayed. While
 * Redis is unreachable, {@code query} shows only the alerts this node journalled.
 *
 * <p>Lettuce's own reconnection is off. It would queue commands while disconnected (a publisher would wait for a
 * timeout where it should journal at once) and re-send, after reconnecting, commands whose callers had already given
 * up and journalled them; the version check would make those harmless, but the order of a camera's events would
 * then depend on timing. Here a broken connection is closed and a new one opened ({@link RedisLink}).
 */
public final class RedisAlertStore implements AlertStore {

    private static final Logger log = LoggerFactory.getLogger(RedisAlertStore.class);
    private static final int QUERY_BATCH = 200;
    private static final int MALFORMED_REMEMBERED = 1000;

    private final RedisAlertStoreSettings settings;
    private final RedisKeys keys;
    private final String node;
    private final boolean generatedNode;
    private final AlertEventCodec codec = new AlertEventCodec();
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisLink link;
    private final PublishScript script;
    private final AlertJournal journal;
    private final JournalReplayer replayer;
    private final List<Consumer<AlertEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong malformedStored = new AtomicLong();
    private final Set<String> reportedMalformed = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MALFORMED_REMEMBERED;
        }
    });
    private AlertStreamReader reader; // guarded by this
    private volatile boolean closed;

    private RedisAlertStore(RedisAlertStoreSettings settings, AlertJournal journal) {
        this.settings = settings;
        this.keys = RedisKeys.of(settings.keyPrefix());
        this.generatedNode = settings.node().isEmpty();
        this.node = settings.node().orElseGet(RedisAlertStore::generatedNodeId);
        this.journal = journal;
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        // Two I/O threads are plenty for two connections; Lettuce's default is one per core.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true)
                        .build())
                .build());
        String where = uri.getHost() + ":" + uri.getPort();
        this.link = new RedisLink(client, settings.commandTimeout(), "Alert store (Redis at " + where + ")");
        this.script = new PublishScript(keys, settings.streamMaxLen(), settings.maxAlerts());
        this.replayer = new JournalReplayer(link, journal, script, settings.maxBackoff(), "alert-journal-" + node);
    }

    /**
     * Opens the store: the journal (what a previous run left in it is replayed when Redis answers), then the
     * connection. Redis need not answer yet: until it does, events are journalled.
     *
     * @throws IOException when the journal cannot be opened (its directory is not writable, or another store holds it)
     */
    public static RedisAlertStore open(RedisAlertStoreSettings settings) throws IOException {
        AlertJournal journal = AlertJournal.open(settings.journalDir(), settings.journalMaxBytes(),
                settings.maxAlerts(), new AlertEventCodec());
        RedisAlertStore store;
        try {
            store = new RedisAlertStore(settings, journal);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        try {
            store.link.connect();
        } catch (RuntimeException e) {
            // logged by the link; the replayer keeps trying
        }
        store.replayer.start();
        log.info("Alert store: Redis, keys {}*, node {}{}, stream MAXLEN ~{}, {} alerts, journal {} (at most {} MiB)",
                settings.keyPrefix(), store.node, store.generatedNode ? " (generated)" : "", settings.streamMaxLen(),
                settings.maxAlerts(), settings.journalDir(), settings.journalMaxBytes() / (1024 * 1024));
        return store;
    }

    private static String generatedNodeId() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("host");
        return "node-" + host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This node's id: the name of its consumer group. */
    public String node() {
        return node;
    }

    public RedisKeys keys() {
        return keys;
    }

    @Override
    public PublishResult publish(AlertEvent event) {
        if (closed) {
            throw new IllegalStateException("the alert store is closed");
        }
        String json = codec.encode(event);
        PublishResult queued = journal.addIfPending(event, json);
        if (queued != null) {
            replayer.wake();
            return queued;
        }
        StatefulRedisConnection<String, String> c = link.current();
        if (c != null) {
            try {
                return script.run(c.sync(), event, json) != null ? PublishResult.APPLIED : PublishResult.STALE;
            } catch (RuntimeException e) {
                if (!RedisLink.isOutage(e)) {
                    throw new IllegalStateException("Redis refused alert event " + event.eventId() + ": "
                            + RedisLink.message(e), e);
                }
                // Perhaps applied before the connection broke: then its replay finds it there (STALE) and skips it.
                link.broken(c, e);
            }
        }
        PublishResult r = journal.add(event, json);
        replayer.wake();
        return r;
    }

    @Override
    public Optional<Alert> get(String id) {
        Optional<Alert> local = journal.get(id); // first: once replayed it is cleared, and then Redis has it
        StatefulRedisConnection<String, String> c = link.current();
        if (c == null) {
            return local;
        }
        Optional<Alert> remote;
        try {
            remote = Optional.ofNullable(c.sync().hget(keys.alerts(), id)).map(json -> decodeStored(id, json));
        } catch (RuntimeException e) {
            return unreachable(c, e, local);
        }
        if (local.isEmpty()) {
            return remote;
        }
        return remote.isEmpty() || local.get().version() > remote.get().version() ? local : remote;
    }

    @Override
    public List<Alert> query(AlertQuery query) {
        List<Alert> local = journal.query(query);
        StatefulRedisConnection<String, String> c = link.current();
        if (c == null) {
            return local;
        }
        List<Alert> remote;
        try {
            remote = scan(c.sync(), query);
        } catch (RuntimeException e) {
            return unreachable(c, e, local);
        }
        return local.isEmpty() ? remote : merge(query, remote, local);
    }

    /** The index newest first from {@code beforeId}, in batches, filtered, until {@code limit} match. */
    private List<Alert> scan(RedisCommands<String, String> redis, AlertQuery q) {
        List<Alert> out = new ArrayList<>(Math.min(q.limit(), 64));
        Range.Boundary<String> upper = q.beforeId().map(Range.Boundary::excluding)
                .orElseGet(Range.Boundary::unbounded);
        int batch = Math.max(QUERY_BATCH, q.limit());
        while (out.size() < q.limit()) {
            List<String> ids = redis.zrevrangebylex(keys.ids(), Range.from(Range.Boundary.unbounded(), upper),
                    Limit.create(0, batch));
            if (ids.isEmpty()) {
                break;
            }
            for (KeyValue<String, String> kv : redis.hmget(keys.alerts(), ids.toArray(String[]::new))) {
                Alert a = kv.hasValue() ? decodeStored(kv.getKey(), kv.getValue()) : null; // none: trimmed meanwhile
                if (a != null && q.matches(a)) {
                    out.add(a);
                    if (out.size() == q.limit()) {
                        break;
                    }
                }
            }
            if (ids.size() < batch) {
                break;
            }
            upper = Range.Boundary.excluding(ids.getLast());
        }
        return out;
    }

    /** Redis's alerts with the journalled ones, the newer version of each, newest first. */
    private List<Alert> merge(AlertQuery q, List<Alert> remote, List<Alert> local) {
        Map<String, Alert> byId = new HashMap<>();
        for (Alert r : remote) {
            Alert pick = journal.get(r.id()).filter(l -> l.version() > r.version()).orElse(r);
            if (q.matches(pick)) {
                byId.put(pick.id(), pick);
            }
        }
        for (Alert l : local) {
            byId.merge(l.id(), l, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return byId.values().stream().sorted(Comparator.comparing(Alert::id).reversed()).limit(q.limit()).toList();
    }

    private <T> T unreachable(StatefulRedisConnection<String, String> c, RuntimeException e, T local) {
        if (!RedisLink.isOutage(e)) {
            throw new IllegalStateException("Redis refused an alert read: " + RedisLink.message(e), e);
        }
        link.broken(c, e);
        replayer.wake();
        return local;
    }

    private Alert decodeStored(String id, String json) {
        try {
            return codec.decode(json).alert();
        } catch (IllegalArgumentException e) {
            malformedStored.incrementAndGet();
            boolean first;
            synchronized (reportedMalformed) {
                first = reportedMalformed.add(id);
            }
            if (first) {
                log.warn("Alert {} in Redis ({}) is malformed and is left out ({})", id, keys.alerts(),
                        e.getMessage());
            }
            return null;
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<AlertEvent> listener) {
        listeners.add(listener);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the alert store is closed");
            }
            if (reader == null) {
                reader = new AlertStreamReader(client, settings.commandTimeout(), keys, node, generatedNode, codec,
                        settings.maxBackoff(), this::dispatch);
                reader.start();
            }
        }
        return () -> listeners.remove(listener);
    }

    private void dispatch(AlertEvent event) {
        for (Consumer<AlertEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.error("Alert listener failed on event {} of alert {}", event.eventId(), event.alert().id(), e);
            }
        }
    }

    /** Asks Redis (PING); false at once while the connection is known to be down. */
    @Override
    public boolean online() {
        StatefulRedisConnection<String, String> c = link.current();
        if (c == null) {
            return false;
        }
        try {
            return "PONG".equalsIgnoreCase(c.sync().ping());
        } catch (RuntimeException e) {
            if (RedisLink.isOutage(e)) {
                link.broken(c, e);
                replayer.wake();
            }
            return false;
        }
    }

    public RedisStoreFigures figures() {
        AlertStreamReader r;
        synchronized (this) {
            r = reader;
        }
        return new RedisStoreFigures(link.current() != null, journal.pendingBytes(), journal.journalled(),
                journal.refused(), replayer.replayed(), replayer.replayedStale(), r == null ? 0 : r.delivered(),
                malformedStored.get() + (r == null ? 0 : r.malformed()));
    }

    /**
     * Stops the reader (a generated consumer group is deleted), then the replayer (what is still journalled stays on
     * disk and is replayed by the next run), then the connections.
     */
    @Override
    public void close() {
        AlertStreamReader r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reader;
        }
        if (r != null) {
            r.close();
        }
        replayer.close();
        link.close();
        journal.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
