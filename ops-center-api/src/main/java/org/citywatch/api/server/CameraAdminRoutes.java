package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.citywatch.api.auth.Access.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.citywatch.analytics.rules.RuleFactory;
import org.citywatch.analytics.scene.Tree;
import org.citywatch.api.auth.AuditLog;
import org.citywatch.api.auth.Principal;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraList;
import org.citywatch.ingest.camera.Redaction;
import org.citywatch.ingest.source.CameraFleet;

/**
 * Cameras changed at run time by admins:
 *
 * <pre>
 * PUT    /api/cameras/{id}   body: one camera entry as in the camera list, in JSON ({"name":..., "url":...,
 *                            "kind":..., "district":..., "latitude":..., "longitude":..., "scene":{...}}; "id" may be
 *                            left out, and must be the path's when given): 201 started, 200 restarted, updated or
 *                            unchanged; 400 with the camera list's own reason for a bad entry or scene
 * DELETE /api/cameras/{id}   204 stopped and removed, 404 no such camera
 * </pre>
 *
 * Answers show the camera's URL redacted, never its credentials. The change lasts until the process stops, or, with
 * a watched {@code camerasFile}, until that file next changes (the file is the list of record; edit it to keep a
 * change).
 */
final class CameraAdminRoutes {

    private final CameraAdmin admin;
    private final AuditLog audit;

    CameraAdminRoutes(CameraAdmin admin, AuditLog audit) {
        this.audit = audit;
        this.admin = admin;
    }

    void register(RouteTable routes) {
        routes.add(PUT, "/api/cameras/{id}", ADMIN, "Add or change a camera at run time", this::put);
        routes.add(DELETE, "/api/cameras/{id}", ADMIN, "Remove a camera at run time", this::delete);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Camera camera;
        try {
            camera = parse(id, ctx.body().asString());
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        Principal who = Principal.of(ctx);
        ctx.vertx().executeBlocking(() -> admin.put(camera), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            CameraFleet.Change change = ar.result();
            String what = change.started().contains(id) ? "started" : change.restarted().contains(id) ? "restarted"
                    : change.updated().contains(id) ? "updated" : change.unchanged().contains(id) ? "unchanged"
                    : "failed";
            audit.record(who, "camera.put", id, what + " url=" + camera.redactedUrl());
            if (what.equals("failed")) {
                ApiServer.json(ctx.response(), 500, JsonViews.error("internal_error",
                        "camera " + id + " could not be started; see the server log"));
                return;
            }
            ObjectNode out = JsonViews.MAPPER.createObjectNode();
            out.put("id", camera.id());
            out.put("name", camera.name());
            out.put("url", camera.redactedUrl());
            camera.redactedSubStreamUrl().ifPresent(s -> out.put("subStreamUrl", s));
            out.put("change", what);
            ApiServer.json(ctx.response(), what.equals("started") ? 201 : 200, out.toString());
        });
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal who = Principal.of(ctx);
        ctx.vertx().executeBlocking(() -> admin.remove(id), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Optional<CameraFleet.Change> change = ar.result();
            if (change.isEmpty()) {
                ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", "no camera " + id));
                return;
            }
            audit.record(who, "camera.delete", id, null);
            ctx.response().setStatusCode(204).end();
        });
    }

    /** The body as a camera, checked by the camera list's own parser and the scene's rule factory. */
    static Camera parse(String id, String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JsonViews.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body must be a JSON camera entry");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON camera entry {\"url\":..., \"latitude\":..., ...}");
        }
        ObjectNode entry = (ObjectNode) node;
        JsonNode given = entry.get("id");
        if (given != null && !given.asText().equals(id)) {
            throw new IllegalArgumentException("the body's id '" + Redaction.text(given.asText())
                    + "' is not the path's '" + id + "'");
        }
        entry.put("id", id);
        ArrayNode one = JsonViews.MAPPER.createArrayNode().add(entry);
        CameraList list = CameraList.fromNode(one);
        if (!list.errors().isEmpty()) {
            throw new IllegalArgumentException(list.errors().get(0)); // already redacted by the camera list
        }
        Camera camera = list.cameras().get(0);
        if (!camera.scene().isEmpty()) {
            try {
                RuleFactory.create(new Tree("scene", camera.scene()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("camera " + id + ": " + e.getMessage());
            }
        }
        return camera;
    }
}
