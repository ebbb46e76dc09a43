package dev.gatehouse.router.access;

/**
 * What a route needs from a caller, decided from the method and path alone (a pure function, table-tested).
 *
 * @param view the view a {@link Need#VIEW} route shows, else null
 */
record RouteScope(Need need, View view) {

    enum Need {
        /** Health probes: never behind a key, load balancers and orchestrators call them. */
        NONE,
        /** The API: any valid key. */
        CLIENT,
        /** Pool changes, config reload, decision lookups, the dashboard: an admin key. */
        ADMIN,
        /** A read-only view: an admin key unless config opens it. */
        VIEW
    }

    static RouteScope of(String method, String path) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/health") || path.startsWith("/health/")) return new RouteScope(Need.NONE, null);
        if (under(path, "/v1/pool")) return read ? new RouteScope(Need.VIEW, View.POOL) : admin();
        if (under(path, "/v1/hardware")) return new RouteScope(Need.VIEW, View.HARDWARE);
        if (under(path, "/metrics")) return new RouteScope(Need.VIEW, View.METRICS);
        if (path.equals("/") || under(path, "/dashboard") || under(path, "/v1/admin") || under(path, "/v1/decisions")
                || under(path, "/v1/config") || under(path, "/v1/reload")) {
            return admin();
        }
        return new RouteScope(Need.CLIENT, null);
    }

    /** Whether a request of this scope changes something an operator would want in the audit trail. */
    static boolean isAdministrativeChange(RouteScope scope, String method) {
        return scope.need == Need.ADMIN && !method.equals("GET") && !method.equals("HEAD");
    }

    private static RouteScope admin() {
        return new RouteScope(Need.ADMIN, null);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
