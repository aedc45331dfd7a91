package org.citywatch.api.server;

import io.vertx.ext.web.RoutingContext;
import org.citywatch.api.auth.ErrorJson;
import org.citywatch.api.auth.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's failure handler. Whatever failed, the client gets JSON with a stable code and no stack trace: the
 * framework's own refusals (413 body too large, 400 ...) by their status; anything thrown as 500
 * {@code internal_error}, its stack in the server log only.
 */
final class FailureJson {

    private static final Logger log = LoggerFactory.getLogger(FailureJson.class);

    private FailureJson() {
    }

    static void handle(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            log.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended() && !ctx.response().headWritten()) {
            String message = switch (status) {
                case 413 -> "the body is larger than " + RouteTable.MAX_BODY_BYTES / 1024 + " KiB";
                default -> status >= 500 ? "internal error; see the server log" : "request failed (" + status + ")";
            };
            ApiServer.json(ctx.response(), status, JsonViews.error(ErrorJson.codeOf(status), message));
        } else if (!ctx.response().ended()) {
            ctx.response().reset(); // half an answer is sent: only closing tells the client it is broken
        }
    }
}
