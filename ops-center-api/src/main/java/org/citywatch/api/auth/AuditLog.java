package org.citywatch.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, for every action a user takes: sign-ins, alert workflow steps (also in each alert's own audit trail,
 * with the same user), pinning, camera and user changes. Each is one line on the logger {@code citywatch.audit}, so a
 * deployment can route it to a file or a SIEM of its own, and one entry in the {@link AuditTrail} that admins read
 * ({@code GET /api/audit}). Never a password, hash or token.
 *
 * <p>Values can come from the request (a sign-in's user name is whatever the body said, up to the body limit;
 * a path parameter may hold an encoded newline), so in the log each is written as one {@code key=value} token
 * that cannot forge another line or field: control, line-breaking and invisible formatting characters escaped
 * ({@code \n}, {@code \u2028} ...), a backslash doubled, quoted when it holds a space, a quote or {@code =}, and cut
 * at {@link #MAX_VALUE} characters (the free-form detail at {@link #MAX_DETAIL}).
 *
 * <p>Sign-ins. People type their password into the name field; a refused sign-in whose name is no user's is
 * therefore recorded as {@link #unknownUser} ({@code unknown:} and a short hash, enough to see that attempts repeat),
 * never as typed; {@link LoginRoutes} decides which names are users'. A throttled sign-in (429) costs the server no
 * hash, so a script can send thousands a second: those are not in the trail (the refusals that led to the lock are)
 * and have at most one log line per {@link #THROTTLED_LINE_EVERY}, which says how many there were since the last.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("citywatch.audit");
    /** Longest value logged, escapes included: a user name or id is far shorter; more is noise or an attack. */
    static final int MAX_VALUE = 64;
    /** Longest detail logged (server-made "k=v k=v", but it carries request values such as a redacted URL). */
    static final int MAX_DETAIL = 256;

    /** At most one line about throttled sign-ins this often, whatever their rate. */
    static final Duration THROTTLED_LINE_EVERY = Duration.ofSeconds(10);

    private final AuditTrail trail;
    private final LongSupplier nanoTime;
    /** Throttled sign-ins not yet in a line, and when the last line was (guarded by this). */
    private long throttledSinceLine;
    private long lastThrottledLine;
    private boolean anyThrottledLine;

    public AuditLog(AuditTrail trail) {
        this(trail, System::nanoTime);
    }

    AuditLog(AuditTrail trail, LongSupplier nanoTime) {
        this.trail = trail;
        this.nanoTime = nanoTime;
    }

    /** What admins read. */
    public AuditTrail trail() {
        return trail;
    }

    /** {@code user=lan role=operator action=camera.pin target=cam-001 detail} */
    public void record(Principal who, String action, String target, String detail) {
        log.info("user={} role={} action={} target={}{}", value(who.user()), who.role().wireName(), value(action),
                value(target), detail == null || detail.isBlank() ? "" : " " + escape(detail, MAX_DETAIL));
        trail.add(new AuditEntry(Instant.now(), who.user(), who.role().wireName(), action, target, detail, null,
                true));
    }

    void signIn(String user, String address, boolean ok, String why) {
        if (ok) {
            log.info("user={} action=login address={} ok", value(user), value(address));
        } else {
            log.warn("user={} action=login address={} refused: {}", value(user), value(address),
                    escape(why, MAX_DETAIL));
        }
        trail.add(new AuditEntry(Instant.now(), user, null, "login", null, ok ? null : why, address, ok));
    }

    /** A sign-in answered 429: counted, and logged at most once per {@link #THROTTLED_LINE_EVERY}; not in the trail. */
    void throttled(String user, String address, long retryAfterSeconds) {
        long count;
        synchronized (this) {
            throttledSinceLine++;
            long now = nanoTime.getAsLong();
            if (anyThrottledLine && now - lastThrottledLine < THROTTLED_LINE_EVERY.toNanos()) {
                return;
            }
            anyThrottledLine = true;
            lastThrottledLine = now;
            count = throttledSinceLine;
            throttledSinceLine = 0;
        }
        log.warn("user={} action=login address={} throttled for {} s; {} throttled sign-in(s) refused since the last"
                + " such line", value(user), value(address), retryAfterSeconds, count);
    }

    /**
     * How a sign-in name that is no user's is recorded: {@code unknown:} and the first 12 hex digits of its SHA-256,
     * so a password typed as the name is not kept, while the same name typed again gives the same value.
     */
    static String unknownUser(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "unknown:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One {@code key=value} token's value: escaped, cut, and quoted when it could read as several tokens. */
    static String value(String s) {
        if (s == null) {
            return "-";
        }
        String e = escape(s, MAX_VALUE);
        boolean quote = e.isEmpty();
        for (int i = 0; i < e.length() && !quote; i++) {
            char c = e.charAt(i);
            quote = c == '"' || c == '=' || Character.isWhitespace(c) || Character.isSpaceChar(c);
        }
        return quote ? '"' + e.replace("\"", "\\\"") + '"' : e;
    }

    /**
     * The text on one line and at most {@code max} characters (then {@code …}): control characters, line and
     * paragraph separators, and invisible formatting characters (bidirectional overrides, zero-width ones, which can
     * make a line read as something else) written as escapes; a backslash doubled, so an escape cannot be faked.
     */
    static String escape(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String form = escaped(cp);
            if (out.length() + form.length() > max) {
                out.append('…');
                break;
            }
            out.append(form);
        }
        return out.toString();
    }

    private static String escaped(int cp) {
        switch (cp) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        int type = Character.getType(cp);
        if (Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED) {
            return String.format("\\u%04X", cp);
        }
        return Character.toString(cp);
    }
}
