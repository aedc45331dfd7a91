package org.citywatch.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, for the actions that are not alert workflow steps (those are in each alert's own audit trail, with
 * the same user): sign-ins, pinning, camera and user changes. One line each on the logger {@code citywatch.audit},
 * so a deployment can route it to a file or a SIEM of its own. Never a password, hash or token.
 *
 * <p>Values can come from the request (a refused sign-in's user name is whatever the body said, up to the body
 * limit; a path parameter may hold an encoded newline), so each is written as one {@code key=value} token that
 * cannot forge another line or field: control, line-breaking and invisible formatting characters escaped
 * ({@code \n}, {@code \u2028} ...), a backslash doubled, quoted when it holds a space, a quote or {@code =}, and cut
 * at {@link #MAX_VALUE} characters (the free-form detail at {@link #MAX_DETAIL}).
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("citywatch.audit");
    /** Longest value logged, escapes included: a user name or id is far shorter; more is noise or an attack. */
    static final int MAX_VALUE = 64;
    /** Longest detail logged (server-made "k=v k=v", but it carries request values such as a redacted URL). */
    static final int MAX_DETAIL = 256;

    private AuditLog() {
    }

    /** {@code user=lan role=operator action=camera.pin target=cam-001 detail} */
    public static void record(Principal who, String action, String target, String detail) {
        log.info("user={} role={} action={} target={}{}", value(who.user()), who.role().wireName(), value(action),
                value(target), detail == null || detail.isBlank() ? "" : " " + escape(detail, MAX_DETAIL));
    }

    static void signIn(String user, String address, boolean ok, String why) {
        if (ok) {
            log.info("user={} action=login address={} ok", value(user), value(address));
        } else {
            log.warn("user={} action=login address={} refused: {}", value(user), value(address),
                    escape(why, MAX_DETAIL));
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
