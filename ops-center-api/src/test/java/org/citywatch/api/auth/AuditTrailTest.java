package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail: bounded in memory, kept in a bounded file, read back after a restart. */
class AuditTrailTest {

    @TempDir
    Path dir;

    static AuditEntry entry(int i, String user, String action) {
        return new AuditEntry(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(i), user, "operator", action,
                "cam-" + i, null, null, true);
    }

    @Test
    void memoryKeepsTheNewestAndAnswersNewestFirst() {
        AuditTrail t = AuditTrail.inMemory(3);
        for (int i = 0; i < 5; i++) {
            t.add(entry(i, i % 2 == 0 ? "lan" : "minh", "camera.pin"));
        }
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.oldest()).contains(Instant.parse("2026-12-06T10:00:02Z"));
        assertThat(t.query(e -> true, 10)).extracting(AuditEntry::target).containsExactly("cam-4", "cam-3", "cam-2");
        assertThat(t.query(e -> e.user().equals("lan"), 1)).extracting(AuditEntry::target).containsExactly("cam-4");
    }

    @Test
    void aRestartReadsTheFileBackSkippingATornLine() throws Exception {
        Path file = dir.resolve("audit/audit.jsonl");
        try (AuditTrail t = new AuditTrail(100, Optional.of(file), 1 << 20)) {
            t.add(entry(1, "lan", "alert.acknowledge"));
            t.add(new AuditEntry(Instant.parse("2026-12-06T10:00:02Z"), "mallory\n\"}", "", "login", "", "wrong",
                    "10.0.0.9", false));
        }
        // A crash in the middle of a write leaves half a line.
        Files.writeString(file, "{\"at\":\"2026-12-06T10:00:0", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try (AuditTrail t = new AuditTrail(100, Optional.of(file), 1 << 20)) {
            List<AuditEntry> back = t.query(e -> true, 10);
            assertThat(back).hasSize(2);
            assertThat(back.get(0).user()).isEqualTo("mallory\n\"}");
            assertThat(back.get(0).ok()).isFalse();
            assertThat(back.get(1)).isEqualTo(entry(1, "lan", "alert.acknowledge"));
            t.add(entry(3, "lan", "alert.resolve"));
        }
        try (AuditTrail t = new AuditTrail(100, Optional.of(file), 1 << 20)) {
            assertThat(t.query(e -> true, 10)).extracting(AuditEntry::action)
                    .containsExactly("alert.resolve", "login", "alert.acknowledge");
        }
    }

    @Test
    void theFileRollsOverSoAtMostTwiceTheBoundIsOnDisk() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        long bound = 2_000;
        try (AuditTrail t = new AuditTrail(10_000, Optional.of(file), bound)) {
            for (int i = 0; i < 200; i++) {
                t.add(entry(i, "lan", "camera.pin"));
            }
        }
        Path rolled = dir.resolve("audit.jsonl.1");
        assertThat(Files.size(file)).isLessThanOrEqualTo(bound);
        assertThat(Files.size(rolled)).isLessThanOrEqualTo(bound);
        try (AuditTrail t = new AuditTrail(10_000, Optional.of(file), bound)) {
            List<AuditEntry> back = t.query(e -> true, 10_000);
            assertThat(back).isNotEmpty().hasSizeLessThan(200);
            assertThat(back.getFirst().target()).as("the newest survives").isEqualTo("cam-199");
            // Both files, in order: the targets count down without a gap.
            for (int i = 1; i < back.size(); i++) {
                assertThat(back.get(i).at()).isBefore(back.get(i - 1).at());
            }
        }
    }

    @Test
    void aFileThatCannotBeWrittenCostsTheFileOnly() throws Exception {
        Path notADirectory = dir.resolve("blocker");
        Files.writeString(notADirectory, "a file where a directory should be");
        try (AuditTrail t = new AuditTrail(10, Optional.of(notADirectory.resolve("audit.jsonl")), 1 << 20)) {
            t.add(entry(1, "lan", "camera.pin"));
            t.add(entry(2, "lan", "camera.unpin"));
            assertThat(t.query(e -> true, 10)).hasSize(2);
        }
    }
}
