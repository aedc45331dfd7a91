package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: bounded in memory (refused sign-ins apart), kept in a bounded file by a writer thread of its own,
 * read back after a restart.
 */
class AuditTrailTest {

    @TempDir
    Path dir;

    static AuditEntry entry(int i, String user, String action) {
        return new AuditEntry(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(i), user, "operator", action,
                "cam-" + i, null, null, true);
    }

    static AuditEntry refusal(int i, String user) {
        return new AuditEntry(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(i), user, null, "login", null,
                "wrong user name or password", "10.0.0.9", false);
    }

    @Test
    void memoryKeepsTheNewestAndAnswersNewestFirst() {
        AuditTrail t = AuditTrail.inMemory(4); // 3 for actions, 1 for refused sign-ins
        for (int i = 0; i < 5; i++) {
            t.add(entry(i, i % 2 == 0 ? "lan" : "minh", "camera.pin"));
        }
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.oldest()).contains(Instant.parse("2026-12-06T10:00:02Z"));
        assertThat(t.query(e -> true, 10)).extracting(AuditEntry::target).containsExactly("cam-4", "cam-3", "cam-2");
        assertThat(t.query(e -> e.user().equals("lan"), 1)).extracting(AuditEntry::target).containsExactly("cam-4");
    }

    @Test
    void refusedSignInsAgeOutOnlyEachOtherAndQueriesMergeNewestFirst() {
        AuditTrail t = AuditTrail.inMemory(20); // 18 for actions, 2 for refused sign-ins
        t.add(entry(0, "ada", "user.create"));
        t.add(refusal(1, "unknown:c0a497761b17"));
        t.add(entry(2, "lan", "camera.pin"));
        for (int i = 3; i < 503; i++) {
            t.add(refusal(i, "unknown:c0a497761b17"));
        }
        t.add(new AuditEntry(Instant.parse("2026-12-06T10:10:00Z"), "lan", null, "login", null, null, "10.0.0.7",
                true));
        assertThat(t.query(e -> true, 100)).extracting(AuditEntry::at).extracting(Instant::toString).containsExactly(
                "2026-12-06T10:10:00Z", "2026-12-06T10:08:22Z", "2026-12-06T10:08:21Z", "2026-12-06T10:00:02Z",
                "2026-12-06T10:00:00Z");
        assertThat(t.size()).isEqualTo(5);
        assertThat(t.oldest()).as("the admin's action is still held").contains(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(t.query(e -> !e.ok(), 1)).extracting(AuditEntry::at)
                .containsExactly(Instant.parse("2026-12-06T10:08:22Z"));
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
    void aCharacterTornByACrashCostsItsLineNotTheFile() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail t = new AuditTrail(100, Optional.of(file), 1 << 20)) {
            t.add(entry(1, "Nguyễn-Văn-An", "alert.acknowledge"));
        }
        // A crash in the middle of "ễ" (three bytes in UTF-8) leaves the first of them.
        ByteArrayOutputStream torn = new ByteArrayOutputStream();
        torn.writeBytes("{\"at\":\"2026-12-06T10:00:02Z\",\"user\":\"Nguy".getBytes(StandardCharsets.UTF_8));
        torn.write(0xE1);
        Files.write(file, torn.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
        try (AuditTrail t = new AuditTrail(100, Optional.of(file), 1 << 20)) {
            assertThat(t.query(e -> true, 10)).containsExactly(entry(1, "Nguyễn-Văn-An", "alert.acknowledge"));
        }
    }

    @Test
    void refusedSignInsReadBackKeepToTheirOwnBound() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail t = new AuditTrail(10_000, Optional.of(file), 1 << 30)) {
            t.add(entry(0, "ada", "user.create"));
            for (int i = 1; i <= 3000; i++) {
                t.add(refusal(i, "unknown:c0a497761b17"));
            }
        }
        try (AuditTrail t = new AuditTrail(10_000, Optional.of(file), 1 << 30)) {
            assertThat(t.size()).isEqualTo(AuditTrail.MAX_REFUSALS + 1);
            assertThat(t.query(e -> e.ok(), 10)).containsExactly(entry(0, "ada", "user.create"));
        }
    }

    /**
     * A named pipe nobody reads stands for a stalled disk: opening it for writing blocks until a reader comes. Adding
     * must not wait for it, entries past the queue stay in memory only (counted, logged once), and once the pipe is
     * read, everything queued arrives.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStalledFileNeverHoldsUpAddAndAFullQueueCostsTheFileOnly() throws Exception {
        Path pipe = dir.resolve("audit.jsonl");
        assumeTrue(mkfifo(pipe), "needs mkfifo");
        Logger trailLog = (Logger) LoggerFactory.getLogger(AuditTrail.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        trailLog.addAppender(lines);
        try {
            AuditTrail t = new AuditTrail(100, Optional.of(pipe), 1 << 20, 3);
            AuditFile f = t.file().orElseThrow();
            t.add(entry(0, "lan", "camera.pin"));
            while (f.waiting() > 0) {
                Thread.sleep(5); // until the writer has taken it: then it blocks opening the pipe
            }
            for (int i = 1; i < 10; i++) {
                t.add(entry(i, "lan", "camera.pin"));
            }
            assertThat(t.query(e -> true, 100)).as("all in memory at once").hasSize(10);
            long dropped = f.dropped();
            assertThat(dropped).as("one with the writer, three in the queue").isEqualTo(6);
            List<String> written;
            try (BufferedReader in = Files.newBufferedReader(pipe)) {
                assertThat(f.flush(Duration.ofSeconds(10))).as("the writer catches up").isTrue();
                t.add(entry(10, "lan", "camera.unpin"));
                t.close();
                written = in.lines().toList();
            }
            assertThat(written).hasSize((int) (11 - dropped));
            assertThat(written.getLast()).contains("camera.unpin");
            assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.ERROR).as("once per episode").hasSize(1);
            assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().contains("caught up"))
                    .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .contains(dropped + " entries were kept in memory only");
        } finally {
            trailLog.detachAppender(lines);
        }
    }

    private static boolean mkfifo(Path p) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
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
