package dev.gatehouse.router.http;

import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Wraps every request: gives it an id (echoing a well-formed client {@code x-request-id}), turns any exception
 * into an OpenAI error through {@link ErrorMapping}, and when the response is done writes the one log line and the
 * metrics of the request.
 */
final class RequestLifecycleFilter implements Filter {

    static final HeaderName REQUEST_ID = HeaderNames.create("x-gatehouse-request-id");
    static final HeaderName CLIENT_REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName MODEL = HeaderNames.create("x-gatehouse-model");

    static final Logger REQUEST_LOG = Logger.getLogger("dev.gatehouse.router.requests");
    private static final Logger LOG = Logger.getLogger(RequestLifecycleFilter.class.getName());
    private static final Pattern VALID_CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/embeddings", "/v1/route", "/v1/models",
            "/health", "/health/live", "/health/ready", "/metrics");

    private final GatehouseMetrics metrics;
    private final boolean logPrompts;
    private final RequestRouter router;

    RequestLifecycleFilter(GatehouseMetrics metrics, boolean logPrompts, RequestRouter router) {
        this.metrics = metrics;
        this.logPrompts = logPrompts;
        this.router = router;
    }

    /** The record the filter registered for this request. */
    static RequestRecord record(ServerRequest req) {
        return req.context().get(RequestRecord.class).orElseThrow();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = req.headers().first(CLIENT_REQUEST_ID)
                .filter(candidate -> VALID_CLIENT_ID.matcher(candidate).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        String path = req.path().path();
        RequestRecord record = new RequestRecord(id, ENDPOINTS.contains(path) ? path : "unmatched", System.nanoTime());
        req.context().register(record);
        res.header(REQUEST_ID, id);
        try {
            chain.proceed();
        } finally {
            finish(record, record.statusOverride > 0 ? record.statusOverride : res.status().code());
            // the answer's tokens count against the API key's tokens per minute
            req.context().get(dev.gatehouse.router.access.TokenCharge.class).ifPresent(c -> c.charge(
                    (long) Math.max(0, record.promptTokens) + Math.max(0, record.completionTokens)));
        }
    }

    /**
     * Registered as the routing's error handler for every {@link Throwable}: Helidon runs it inside the filter
     * chain, so {@link #filter} sees the final status afterwards.
     */
    void handleError(ServerRequest req, ServerResponse res, Throwable failure) {
        RequestRecord record = record(req);
        ApiError error = ErrorMapping.map(failure, record.requestId);
        record.errorCode = error.code();
        if (ErrorMapping.isServerFault(error)) {
            // the exception, not the request: prompt text never reaches this log
            LOG.log(Level.WARNING, "request " + record.requestId + " failed", failure);
        }
        if (record.responseStarted || res.isSent()) {
            LOG.warning("request " + record.requestId + ": cannot report " + error.code()
                    + ", the response had started");
            return;
        }
        res.header(REQUEST_ID, record.requestId);
        ErrorMapping.write(res, error);
    }

    private void finish(RequestRecord r, int status) {
        long now = System.nanoTime();
        Duration latency = Duration.ofNanos(now - r.startNanos);
        String model = r.model == null ? "none" : r.model;
        metrics.request(r.endpoint, model, status, latency);
        if (r.promptTokens >= 0 || r.completionTokens >= 0) {
            metrics.tokens(model, r.promptTokens, r.completionTokens);
        }
        Duration ttft = r.firstTokenNanos < 0 ? null : Duration.ofNanos(r.firstTokenNanos - r.startNanos);
        if (ttft != null) {
            metrics.timeToFirstToken(model, ttft);
        }
        if (r.cost != null) {
            metrics.cost(r.tenant, model, r.cost);
        }
        if (r.decision != null) {
            router.finished(r.decision, outcome(r, status, latency, ttft, now), r.promptHash);
        }
        if (r.endpoint.startsWith("/health") || r.endpoint.equals("/metrics")) {
            return; // probes and scrapes would drown the log
        }
        StringBuilder line = new StringBuilder("request id=").append(r.requestId)
                .append(" endpoint=").append(r.endpoint)
                .append(" model=").append(model)
                .append(" status=").append(status)
                .append(" stream=").append(r.streamed)
                .append(" prompt_tokens=").append(Math.max(0, r.promptTokens))
                .append(" completion_tokens=").append(Math.max(0, r.completionTokens))
                .append(" latency_ms=").append(latency.toMillis())
                .append(" ttft_ms=").append(ttft == null ? "-" : Long.toString(ttft.toMillis()));
        if (r.errorCode != null) {
            line.append(" error=").append(r.errorCode);
        }
        if (logPrompts && r.promptText != null) {
            line.append(" prompt=").append(quoted(r.promptText));
            line.append(" completion=").append(quoted(r.completionText == null ? "" : r.completionText));
        }
        REQUEST_LOG.info(line.toString());
    }

    private static Outcome outcome(RequestRecord r, int status, Duration latency, Duration ttft, long now) {
        if (r.dryRun) {
            return Outcome.dryRun(latency.toMillis());
        }
        boolean served = status < 400 && r.model != null;
        return new Outcome(false, served ? r.model : null, status, latency.toMillis(),
                ttft == null ? -1 : ttft.toMillis(), r.promptTokens, r.completionTokens,
                served && r.firstTokenNanos >= 0 ? now - r.firstTokenNanos : 0, r.errorCode, r.cost);
    }

    private static String quoted(String text) {
        return OpenAiJson.MAPPER.getNodeFactory().textNode(text).toString();
    }
}
