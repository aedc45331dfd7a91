package org.citywatch.api.auth;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthRouteTableTest {

    private static final Handler<RoutingContext> NOTHING = RoutingContext::next;

    @Test
    void aLiteralSegmentIsTriedBeforeAParameterWhateverTheOrderOfRegistration() {
        RouteTable t = new RouteTable()
                .add(GET, "/api/cameras/{id}", Access.VIEWER, "one", NOTHING)
                .add(GET, "/api/cameras/{id}/latest.jpg", Access.VIEWER, "image", NOTHING)
                .add(GET, "/api/cameras/nearest", Access.VIEWER, "nearest", NOTHING)
                .add(GET, "/api/cameras", Access.VIEWER, "all", NOTHING);
        assertThat(t.routes()).extracting(Route::path).containsSubsequence("/api/cameras/nearest", "/api/cameras/{id}");
        assertThat(t.routes().get(0).vertxPath()).isEqualTo("/api/cameras");
        assertThat(new Route(GET, "/api/alerts/{id}/clip.mp4", Access.VIEWER, "", NOTHING, true).vertxPath())
                .isEqualTo("/api/alerts/:id/clip.mp4");
    }

    @Test
    void twoRoutesForTheSameRequestClash() {
        RouteTable t = new RouteTable().add(POST, "/api/alerts/{id}/dispatch", Access.DISPATCHER, "", NOTHING);
        assertThat(catchThrowableOfType(IllegalStateException.class,
                () -> t.add(POST, "/api/alerts/{alertId}/dispatch", Access.OPERATOR, "", NOTHING)))
                .hasMessageContaining("clashes");
        t.add(DELETE, "/api/alerts/{id}/dispatch", Access.ADMIN, "", NOTHING); // another method: fine
        assertThat(t.methodsOf("/api/alerts/A-1/dispatch")).containsExactlyInAnyOrder(POST, DELETE);
        assertThat(t.methodsOf("/api/alerts/A-1/dispatch/x")).isEmpty();
        assertThat(t.methodsOf("/api/alerts//dispatch")).isEmpty();
    }

    @Test
    void pathsAreWrittenTheOpenApiWay() {
        for (String bad : new String[] {"api/x", "/api/:id", "/api/*", null}) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class,
                    () -> new Route(GET, bad, Access.VIEWER, "", NOTHING, false))).as(String.valueOf(bad)).isNotNull();
        }
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Access.ANONYMOUS.allows(Optional.empty())).isTrue();
        assertThat(Access.VIEWER.allows(Optional.empty())).isFalse();
        assertThat(Access.OPERATOR.allows(Optional.of(Role.VIEWER))).isFalse();
        assertThat(Access.OPERATOR.allows(Optional.of(Role.DISPATCHER))).isTrue();
        assertThat(Access.ADMIN.allows(Optional.of(Role.DISPATCHER))).isFalse();
        assertThat(Access.ADMIN.allows(Optional.of(Role.ADMIN))).isTrue();
        assertThat(Role.parse(" Dispatcher ")).isEqualTo(Role.DISPATCHER);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Role.parse("root")))
                .hasMessageContaining("viewer, operator, dispatcher, admin");
    }
}
