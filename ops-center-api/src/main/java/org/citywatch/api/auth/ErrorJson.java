package org.citywatch.api.auth;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one shape of every error the API answers: {@code {"code": stable snake_case, "message": for people}}. Clients
 * branch on {@code code}; the message may change wording. Never a stack trace.
 */
public final class ErrorJson {

    private ErrorJson() {
    }

    public static String body(String code, String message) {
        return new JsonObject().put("code", code).put("message", message).encode();
    }

    public static void send(HttpServerResponse response, int status, String code, String message) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store").end(body(code, message));
    }

    /** The stable code of a status the framework itself fails a request with (body too large, bad method ...). */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_attempts";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
