package org.citywatch.api.auth;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code audit:} section of the configuration.
 *
 * <pre>
 * audit:
 *   file: citywatch-data/audit.jsonl   # one JSON line per action, read back at start; "" keeps it in memory only
 *   maxMiB: 64                         # then it becomes audit.jsonl.1 and a new file starts (about 2x on disk)
 *   keep: 10000                        # entries held in memory and answered by GET /api/audit; a tenth
 *                                      # (at most 1000) of them for refused sign-ins, the rest for actions
 * </pre>
 */
public record AuditSettings(int keep, Optional<Path> file, long maxBytes) {

    public static final int DEFAULT_KEEP = 10_000;
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    public AuditSettings {
        if (keep < 1 || keep > 1_000_000) {
            throw new IllegalArgumentException("audit.keep must be in 1..1000000, got " + keep);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("audit.maxMiB must be more than 0");
        }
    }

    /** In memory only, for servers started without a configuration file (tests, benchmarks). */
    public static AuditSettings inMemory() {
        return new AuditSettings(DEFAULT_KEEP, Optional.empty(), DEFAULT_MAX_BYTES);
    }

    public AuditTrail open() {
        return new AuditTrail(keep, file, maxBytes);
    }
}
