package org.citywatch.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The audit trail an admin reads ({@code GET /api/audit}): the newest {@code keep} entries in memory, and, when a file
 * is configured, each entry also kept in an {@link AuditFile} (one JSON line each, bounded on disk), so the trail
 * survives a restart (the file is read back into memory at start).
 *
 * <p>Two bounds in memory. Refused sign-ins come from anyone who can reach the server, so they could push signed-in
 * users' actions out of a single bound; they get their own, a tenth of {@code keep} and at most
 * {@value #MAX_REFUSALS} (at least one each), and everything else (actions and good sign-ins) keeps the rest. A
 * flood of wrong passwords thus only ages out older refusals. Every entry gets a sequence number, so queries answer
 * newest first across both.
 *
 * <p>{@link #add} is called on event loops: it only updates memory (an admin reading right after an action sees it)
 * and hands the entry to the file, which writes it on a thread of its own and never makes {@code add} wait. A file
 * that cannot keep up or be written costs the file only: the action goes on and stays in memory.
 */
public final class AuditTrail implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The refusals' bound at most: enough to see a guessing attack and its addresses, little next to actions. */
    static final int MAX_REFUSALS = 1_000;

    private record Held(long seq, AuditEntry entry) {
    }

    private final int keepActions;
    private final int keepRefusals;
    private final ArrayDeque<Held> actions;
    private final ArrayDeque<Held> refusals;
    private long seq;
    private final Optional<AuditFile> file;

    /** In memory only (tests, and a node without a data directory). */
    public static AuditTrail inMemory(int keep) {
        return new AuditTrail(keep, Optional.empty(), 0);
    }

    /**
     * @param keep     entries kept in memory and answered from (a tenth, at most {@value #MAX_REFUSALS}, for refused
     *                 sign-ins)
     * @param file     the JSON-lines file, read back now when it exists
     * @param maxBytes the file's size before it is rolled over
     */
    public AuditTrail(int keep, Optional<Path> file, long maxBytes) {
        this(keep, file, maxBytes, AuditFile.QUEUE);
    }

    AuditTrail(int keep, Optional<Path> file, long maxBytes, int queue) {
        if (keep < 1) {
            throw new IllegalArgumentException("audit.keep must be at least 1, got " + keep);
        }
        this.keepRefusals = Math.max(1, Math.min(MAX_REFUSALS, keep / 10));
        this.keepActions = Math.max(1, keep - keepRefusals);
        this.actions = new ArrayDeque<>(Math.min(keepActions, 1024));
        this.refusals = new ArrayDeque<>(Math.min(keepRefusals, 1024));
        // Last: the file is read back into the bounds above, before anyone else can see this trail.
        this.file = file.map(f -> new AuditFile(f, maxBytes, queue, this::remember));
    }

    /** A sign-in that was refused: anyone can cause one, so these have a bound of their own. */
    static boolean isRefusal(AuditEntry e) {
        return !e.ok() && "login".equals(e.action());
    }

    /** Held in memory at once; queued for the file (never written on the caller's thread). */
    public synchronized void add(AuditEntry e) {
        remember(e);
        // Queued under this lock, so the file has the entries in the order of their sequence numbers.
        file.ifPresent(f -> f.offer(e));
    }

    private void remember(AuditEntry e) {
        ArrayDeque<Held> into = isRefusal(e) ? refusals : actions;
        if (into.size() == (into == refusals ? keepRefusals : keepActions)) {
            into.removeFirst();
        }
        into.addLast(new Held(seq++, e));
    }

    /** The file, when there is one: tests wait for its writer and read its counts. */
    Optional<AuditFile> file() {
        return file;
    }

    /** Newest first: entries that match, at most {@code limit}. */
    public synchronized List<AuditEntry> query(Predicate<AuditEntry> match, int limit) {
        List<AuditEntry> found = new ArrayList<>(Math.min(limit, size()));
        Iterator<Held> a = actions.descendingIterator();
        Iterator<Held> r = refusals.descendingIterator();
        Held nextA = a.hasNext() ? a.next() : null;
        Held nextR = r.hasNext() ? r.next() : null;
        while ((nextA != null || nextR != null) && found.size() < limit) {
            Held h;
            if (nextR == null || (nextA != null && nextA.seq() > nextR.seq())) {
                h = nextA;
                nextA = a.hasNext() ? a.next() : null;
            } else {
                h = nextR;
                nextR = r.hasNext() ? r.next() : null;
            }
            if (match.test(h.entry())) {
                found.add(h.entry());
            }
        }
        return found;
    }

    /** One entry as the API and the file show it. */
    public static ObjectNode toJson(AuditEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", e.at().toString());
        n.put("user", e.user());
        n.put("role", e.role());
        n.put("action", e.action());
        n.put("target", e.target());
        n.put("detail", e.detail());
        n.put("address", e.address());
        n.put("ok", e.ok());
        return n;
    }

    static AuditEntry fromJson(JsonNode n) {
        if (!n.path("at").isTextual() || !n.path("action").isTextual()) {
            throw new IllegalArgumentException("not an audit entry");
        }
        return new AuditEntry(Instant.parse(n.path("at").asText()), n.path("user").asText(""),
                n.path("role").asText(""), n.path("action").asText(), n.path("target").asText(""),
                n.path("detail").asText(""), n.path("address").asText(""), n.path("ok").asBoolean(true));
    }

    public synchronized int size() {
        return actions.size() + refusals.size();
    }

    /** The oldest entry held: what an admin can still see back to. */
    public synchronized Optional<Instant> oldest() {
        Held a = actions.peekFirst();
        Held r = refusals.peekFirst();
        Held first = a == null ? r : r == null || a.seq() < r.seq() ? a : r;
        return first == null ? Optional.empty() : Optional.of(first.entry().at());
    }

    /** Writes what is queued (waiting a bounded time for it) and closes the file; later entries stay in memory. */
    @Override
    public void close() {
        file.ifPresent(AuditFile::close);
    }
}
