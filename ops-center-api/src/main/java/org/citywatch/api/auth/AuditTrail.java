package org.citywatch.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail an admin reads ({@code GET /api/audit}): the newest {@code keep} entries in memory, and, when a file
 * is configured, each entry appended to it as one JSON line, so the trail survives a restart (it is read back at
 * start). The file is bounded: past {@code maxBytes} it becomes {@code <file>.1} (replacing the one before) and a new
 * one starts, so at most about twice {@code maxBytes} is on disk. A file that cannot be written costs the file only:
 * the action goes on and stays in memory, and the failure is logged once.
 *
 * <p>Human actions are rare (a few a minute), so each entry is written and flushed at once, on the caller's thread.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int keep;
    private final Optional<Path> file;
    private final long maxBytes;
    private final ArrayDeque<AuditEntry> entries;
    private BufferedWriter out;
    private long written;
    private boolean fileFailed;
    /** The file ends in a torn line (a crash mid-write): the next entry starts on a line of its own. */
    private boolean tornEnd;

    /** In memory only (tests, and a node without a data directory). */
    public static AuditTrail inMemory(int keep) {
        return new AuditTrail(keep, Optional.empty(), 0);
    }

    /**
     * @param keep     entries kept in memory and answered from
     * @param file     the JSON-lines file, read back now when it exists
     * @param maxBytes the file's size before it is rolled over
     */
    public AuditTrail(int keep, Optional<Path> file, long maxBytes) {
        if (keep < 1) {
            throw new IllegalArgumentException("audit.keep must be at least 1, got " + keep);
        }
        this.keep = keep;
        this.file = file;
        this.maxBytes = maxBytes;
        this.entries = new ArrayDeque<>(Math.min(keep, 1024));
        file.ifPresent(this::load);
    }

    private void load(Path f) {
        int bad = 0;
        for (Path p : List.of(rolled(f), f)) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        remember(fromJson(JSON.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        bad++; // a torn last line after a crash, or a hand edit: that line only
                    }
                }
            } catch (IOException e) {
                log.warn("Audit trail: cannot read {} ({}); starting without it", p, e.getMessage());
            }
        }
        if (bad > 0) {
            log.warn("Audit trail: skipped {} unreadable line(s) in {}", bad, f);
        }
        try {
            written = Files.isRegularFile(f) ? Files.size(f) : 0;
            if (written > 0) {
                try (var ch = Files.newByteChannel(f)) {
                    java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                    ch.position(written - 1).read(last);
                    tornEnd = last.get(0) != '\n';
                }
            }
        } catch (IOException e) {
            written = 0;
        }
    }

    private static Path rolled(Path f) {
        return f.resolveSibling(f.getFileName() + ".1");
    }

    public synchronized void add(AuditEntry e) {
        remember(e);
        file.ifPresent(f -> append(f, e));
    }

    private void remember(AuditEntry e) {
        if (entries.size() == keep) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    private void append(Path f, AuditEntry e) {
        try {
            byte[] line = ((tornEnd ? "\n" : "") + toJson(e) + "\n").getBytes(StandardCharsets.UTF_8);
            if (written > 0 && written + line.length > maxBytes) {
                closeFile();
                Files.move(f, rolled(f), StandardCopyOption.REPLACE_EXISTING);
                written = 0;
            }
            if (out == null) {
                Files.createDirectories(f.toAbsolutePath().getParent());
                out = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(new String(line, StandardCharsets.UTF_8));
            out.flush();
            written += line.length;
            tornEnd = false;
            fileFailed = false;
        } catch (IOException | UncheckedIOException ex) {
            if (!fileFailed) {
                log.error("Audit trail: cannot write {} ({}); entries stay in memory until it works again", f,
                        ex.getMessage());
                fileFailed = true;
            }
            closeFile();
        }
    }

    /** Newest first: entries that match, at most {@code limit}. */
    public synchronized List<AuditEntry> query(Predicate<AuditEntry> match, int limit) {
        List<AuditEntry> found = new ArrayList<>(Math.min(limit, entries.size()));
        for (Iterator<AuditEntry> it = entries.descendingIterator(); it.hasNext() && found.size() < limit; ) {
            AuditEntry e = it.next();
            if (match.test(e)) {
                found.add(e);
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
        return entries.size();
    }

    /** The oldest entry held: what an admin can still see back to. */
    public synchronized Optional<Instant> oldest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.getFirst().at());
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the next append reopens it
            }
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        closeFile();
    }
}
