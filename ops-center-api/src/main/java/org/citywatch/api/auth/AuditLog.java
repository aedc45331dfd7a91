package org.citywatch.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, for the actions that are not alert workflow steps (those are in each alert's own audit trail, with
 * the same user): sign-ins, pinning, camera and user changes. One line each on the logger {@code citywatch.audit},
 * so a deployment can route it to a file or a SIEM of its own. Never a password, hash or token.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("citywatch.audit");

    private AuditLog() {
    }

    /** {@code user=lan role=operator action=camera.pin target=cam-001 detail} */
    public static void record(Principal who, String action, String target, String detail) {
        log.info("user={} role={} action={} target={}{}", who.user(), who.role().wireName(), action, target,
                detail == null || detail.isBlank() ? "" : " " + detail);
    }

    static void signIn(String user, String address, boolean ok, String why) {
        if (ok) {
            log.info("user={} action=login address={} ok", user, address);
        } else {
            log.warn("user={} action=login address={} refused: {}", user, address, why);
        }
    }
}
