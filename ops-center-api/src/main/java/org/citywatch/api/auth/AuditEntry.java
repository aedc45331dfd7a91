package org.citywatch.api.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One action in the audit trail: who (user and role, or the name a refused sign-in gave), what, on what, from where.
 *
 * @param at      when
 * @param user    the signed-in user, or the name a sign-in tried
 * @param role    the user's role then; empty for a sign-in
 * @param action  {@code login}, {@code camera.pin}, {@code alert.acknowledge}, {@code user.create} ...
 * @param target  what it acted on (camera id, alert id, user name); empty when none
 * @param detail  short server-made text (a role, a unit, a redacted URL, why a sign-in was refused)
 * @param address the client's address for sign-ins; empty otherwise
 * @param ok      false for refused sign-ins
 */
public record AuditEntry(Instant at, String user, String role, String action, String target, String detail,
                         String address, boolean ok) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        user = cut(user, AuditLog.MAX_VALUE);
        role = cut(role, AuditLog.MAX_VALUE);
        action = cut(action, AuditLog.MAX_VALUE);
        target = cut(target, AuditLog.MAX_VALUE);
        detail = cut(detail, AuditLog.MAX_DETAIL);
        address = cut(address, AuditLog.MAX_VALUE);
    }

    /** Values can come from requests: kept short so that the trail's bound in entries is a bound in bytes too. */
    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
