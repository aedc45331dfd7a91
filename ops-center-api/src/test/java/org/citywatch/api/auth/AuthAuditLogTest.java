package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The audit log's lines cannot be forged by what a request puts in a user name, id or detail. */
class AuthAuditLogTest {

    private final Logger audit = (Logger) LoggerFactory.getLogger("citywatch.audit");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

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
        AuditLog.signIn(forged + "x".repeat(64 * 1024), "127.0.0.1", false, "wrong user name or password");

        assertThat(logged()).hasSize(1);
        String line = logged().getFirst();
        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .startsWith("user=\"mallory\\n12:00:00.000 INFO")
                .endsWith("\" action=login address=127.0.0.1 refused: wrong user name or password");
        String user = line.substring("user=\"".length(), line.indexOf("\" action=login"));
        assertThat(user).hasSize(AuditLog.MAX_VALUE + 1).endsWith("…").doesNotContain("\"");
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
        AuditLog.record(new Principal("ada", Role.ADMIN), "camera.pin", "cam-1\nuser=ada action=user.delete",
                "restarted url=rtsp://***@10.0.0.5/a\r\nforged");
        assertThat(logged()).containsExactly("user=ada role=admin action=camera.pin "
                + "target=\"cam-1\\nuser=ada action=user.delete\" restarted url=rtsp://***@10.0.0.5/a\\r\\nforged");
    }
}
