package dev.gatehouse.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteScopeTest {

    record Case(String name, String method, String path, RouteScope.Need need, View view) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("health probes need no key", "GET", "/health/ready", RouteScope.Need.NONE, null),
                new Case("the bare health path needs no key", "GET", "/health", RouteScope.Need.NONE, null),
                new Case("chat needs a client key", "POST", "/v1/chat/completions", RouteScope.Need.CLIENT, null),
                new Case("route needs a client key", "POST", "/v1/route", RouteScope.Need.CLIENT, null),
                new Case("model list needs a client key", "GET", "/v1/models", RouteScope.Need.CLIENT, null),
                new Case("unknown paths need a client key (no probing without one)", "GET", "/nope",
                        RouteScope.Need.CLIENT, null),
                new Case("reading the pool is a view", "GET", "/v1/pool", RouteScope.Need.VIEW, View.POOL),
                new Case("loading a model is admin", "POST", "/v1/pool/tiny/load", RouteScope.Need.ADMIN, null),
                new Case("pinning a model is admin", "PUT", "/v1/pool/tiny/pin", RouteScope.Need.ADMIN, null),
                new Case("unloading a model is admin", "DELETE", "/v1/pool/tiny", RouteScope.Need.ADMIN, null),
                new Case("hardware is a view", "GET", "/v1/hardware", RouteScope.Need.VIEW, View.HARDWARE),
                new Case("metrics are a view", "GET", "/metrics", RouteScope.Need.VIEW, View.METRICS),
                new Case("the dashboard is admin", "GET", "/", RouteScope.Need.ADMIN, null),
                new Case("dashboard assets are admin", "GET", "/dashboard/app.js", RouteScope.Need.ADMIN, null),
                new Case("decision lookups are admin", "GET", "/v1/decisions/abc", RouteScope.Need.ADMIN, null),
                new Case("config reload is admin", "POST", "/v1/admin/reload", RouteScope.Need.ADMIN, null),
                new Case("a path that merely starts like the pool is no pool route", "GET", "/v1/poolside",
                        RouteScope.Need.CLIENT, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRouteNeedsWhatItsRoleSays(Case c) {
        RouteScope scope = RouteScope.of(c.method, c.path);
        assertThat(scope.need()).isEqualTo(c.need);
        assertThat(scope.view()).isEqualTo(c.view);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyAdminChangesAreAuditedAsAdministrativeActions(Case c) {
        boolean change = c.need == RouteScope.Need.ADMIN && !c.method.equals("GET");
        assertThat(RouteScope.isAdministrativeChange(RouteScope.of(c.method, c.path), c.method)).isEqualTo(change);
    }
}
