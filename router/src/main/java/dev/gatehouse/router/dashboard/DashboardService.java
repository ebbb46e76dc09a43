package dev.gatehouse.router.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The dashboard's routes: the page at {@code /} with its script and style under {@code /dashboard/} (all inside
 * the jar; the page loads nothing from elsewhere, and its Content-Security-Policy says so), one update as JSON at
 * {@code GET /v1/dashboard}, and the live updates as server-sent events at {@code GET /v1/dashboard/events}.
 */
public final class DashboardService implements HttpService {

    public static final String PAGE = "/";
    public static final String JSON = "/v1/dashboard";
    public static final String EVENTS = "/v1/dashboard/events";
    /** Nothing but this server: no CDN, no inline script. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", Asset.load("index.html", "text/html; charset=utf-8"),
            "/dashboard/dashboard.js", Asset.load("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard/dashboard.css", Asset.load("dashboard.css", "text/css; charset=utf-8"));

    private final DashboardSource source;

    public DashboardService(ModelPool pool, RequestRouter router, HardwareProbe hardware, GatehouseMetrics metrics) {
        this.source = DashboardSource.watching(pool, router, hardware, metrics);
    }

    @Override
    public void routing(HttpRules rules) {
        ASSETS.forEach((path, asset) -> rules.get(path, (req, res) -> asset.send(res)));
        rules.get(JSON, this::snapshot);
        rules.get(EVENTS, new DashboardEvents(source));
    }

    private void snapshot(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(bytes(DashboardJson.of(source.read(Instant.now()))));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return DecisionJson.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }

    /** A file of the page, read from the jar once. */
    private record Asset(byte[] bytes, String contentType) {
        static Asset load(String name, String contentType) {
            try (InputStream in = DashboardService.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard resource " + name, e);
            }
        }

        void send(ServerResponse res) {
            res.header(HeaderNames.CONTENT_TYPE, contentType);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
            res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
            res.send(bytes);
        }
    }
}
