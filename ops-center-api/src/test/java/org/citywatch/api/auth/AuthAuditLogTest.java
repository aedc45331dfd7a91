package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The audit log's lines cannot be forged by what a request puts in a user name, id or detail; throttled sign-ins
 * cannot flood it or the trail; names that are no user's are kept only as a hash.
 */
class AuthAuditLogTest {

    private final Logger audit = (Logger) LoggerFactory.getLogger("citywatch.audit");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AuditTrail trail = AuditTrail.inMemory(100);
    private final AuditLog auditLog = new AuditLog(trail);

    @BeforeEach
    void attach() {
        lines.start();
        audit.addAppender(lines);
    }

    @AfterEach
    void detach() {
        audit.detachAppender(lines);
    }

    private List<String> logged() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aRefusedSignInCannotForgeASecondLineOrAField() {
        String forged = "mallory\n12:00:00.000 INFO  [main] citywatch.audit - user=chi action=login address=10.0.0.9 ok";
        auditLog.signIn(forged + "x".repeat(64 * 1024), "127.0.0.1", false, "wrong user name or password");

        assertThat(logged()).hasSize(1);
        String line = logged().getFirst();
        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .startsWith("user=\"mallory\\n12:00:00.000 INFO")
                .endsWith("\" action=login address=127.0.0.1 refused: wrong user name or password");
        String user = line.substring("user=\"".length(), line.indexOf("\" action=login"));
        assertThat(user).hasSize(AuditLog.MAX_VALUE + 1).endsWith("…").doesNotContain("\"");

        // The trail keeps the name as given (JSON escapes it), cut to the same bound.
        AuditEntry kept = trail.query(e -> true, 10).getFirst();
        assertThat(kept.user()).startsWith(forged.substring(0, 20)).hasSize(AuditLog.MAX_VALUE + 1);
        assertThat(kept.ok()).isFalse();
        assertThat(kept.address()).isEqualTo("127.0.0.1");
    }

    @Test
    void lineBreakingInvisibleAndControlCharactersAreEscapedAndBackslashesDoubled() {
        assertThat(AuditLog.value("a\r\nb\u2028c\u2029d\u0085e\u202Ef\u200Bg\u0000h\u001B[31m"))
                .isEqualTo("a\\r\\nb\\u2028c\\u2029d\\u0085e\\u202Ef\\u200Bg\\u0000h\\u001B[31m");
        assertThat(AuditLog.value("looks\\nescaped")).as("a typed backslash-n stays distinguishable")
                .isEqualTo("looks\\\\nescaped");
        assertThat(AuditLog.value("Nguyễn-Văn-An")).as("letters are kept").isEqualTo("Nguyễn-Văn-An");
        assertThat(AuditLog.value("cam-001")).isEqualTo("cam-001");
        assertThat(AuditLog.value("two words")).isEqualTo("\"two words\"");
        assertThat(AuditLog.value("a\"b=c")).isEqualTo("\"a\\\"b=c\"");
        assertThat(AuditLog.value("")).isEqualTo("\"\"");
        assertThat(AuditLog.value(null)).isEqualTo("-");
        assertThat(AuditLog.value("\n".repeat(100))).as("escapes count towards the bound, none cut in half")
                .isEqualTo("\\n".repeat(AuditLog.MAX_VALUE / 2) + "…");
    }

    @Test
    void recordEscapesTheUserTargetAndDetail() {
        auditLog.record(new Principal("ada", Role.ADMIN), "camera.pin", "cam-1\nuser=ada action=user.delete",
                "restarted url=rtsp://***@10.0.0.5/a\r\nforged");
        assertThat(logged()).containsExactly("user=ada role=admin action=camera.pin "
                + "target=\"cam-1\\nuser=ada action=user.delete\" restarted url=rtsp://***@10.0.0.5/a\\r\\nforged");
    }

    @Test
    void throttledSignInsStayOutOfTheTrailAndGetAtMostOneLineEveryTenSeconds() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        AuditLog timed = new AuditLog(trail, nanos::get);
        auditLog.signIn("ada", "10.0.0.1", true, null);
        for (int i = 0; i < 1000; i++) {
            timed.throttled("unknown:c0a497761b17", "10.0.0.9", 300);
            nanos.addAndGet(1_000_000L); // a thousand a second
        }
        assertThat(trail.size()).as("only the good sign-in").isEqualTo(1);
        assertThat(logged()).hasSize(2).element(1).asString()
                .isEqualTo("user=unknown:c0a497761b17 action=login address=10.0.0.9 throttled for 300 s; "
                        + "1 throttled sign-in(s) refused since the last such line");
        nanos.addAndGet(AuditLog.THROTTLED_LINE_EVERY.toNanos());
        timed.throttled("ada", "10.0.0.8", 2);
        assertThat(logged()).hasSize(3).last().asString()
                .endsWith("address=10.0.0.8 throttled for 2 s; 1000 throttled sign-in(s) refused since the last"
                        + " such line");
        nanos.addAndGet(AuditLog.THROTTLED_LINE_EVERY.toNanos() - 1);
        timed.throttled("ada", "10.0.0.8", 2);
        assertThat(logged()).hasSize(3);
        assertThat(lines.list.get(2).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void aNameThatIsNoUsersIsKeptAsAShortHash() {
        assertThat(AuditLog.unknownUser("hunter2")).as("SHA-256, first 12 hex digits")
                .isEqualTo("unknown:f52fbd32b2b3");
        assertThat(AuditLog.unknownUser("hunter2")).isEqualTo(AuditLog.unknownUser("hunter2"));
        assertThat(AuditLog.unknownUser("hunter3")).isNotEqualTo(AuditLog.unknownUser("hunter2"));
        assertThat(AuditLog.value(AuditLog.unknownUser("a b\n\"c=" + "x".repeat(100_000))))
                .as("one plain token").matches("unknown:[0-9a-f]{12}");
    }
}
