package dev.gatehouse.router.http;

import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.serving.ServingOutcome;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Wraps every request: gives it an id (echoing a well-formed client {@code x-request-id}), turns any exception
 * into an OpenAI error through {@link ErrorMapping}, and when the response is done hands what serving the request
 * came to ({@link ServingOutcome}, one immutable value) to the request log, the metrics and the decision log.
 */
final class RequestLifecycleFilter implements Filter {

    static final HeaderName REQUEST_ID = HeaderNames.create("x-gatehouse-request-id");
    static final HeaderName CLIENT_REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName MODEL = HeaderNames.create("x-gatehouse-model");

    static final Logger REQUEST_LOG = Logger.getLogger("dev.gatehouse.router.requests");
    private static final Logger LOG = Logger.getLogger(RequestLifecycleFilter.class.getName());
    private static final Pattern VALID_CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** The metrics' endpoint label of a path no route matched: paths are the client's text, labels must stay few. */
    static final String UNMATCHED = "unmatched";

    private final GatehouseMetrics metrics;
    private final RequestRouter router;

    RequestLifecycleFilter(GatehouseMetrics metrics, RequestRouter router) {
        this.metrics = metrics;
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
        RequestRecord record = new RequestRecord(id, System.nanoTime());
        req.context().register(record);
        res.header(REQUEST_ID, id);
        try {
            chain.proceed();
        } finally {
            // the route's pattern, not the path: /v1/models/{id} is one label whatever the id
            String endpoint = req.matchingPattern().filter(p -> !p.isEmpty() && !p.contains("*")).orElse(UNMATCHED);
            FinishedRequest finished = FinishedRequest.of(record, endpoint, res.status().code(), System.nanoTime());
            finish(finished);
            // the answer's tokens count against the API key's tokens per minute
            if (finished.served() != null) {
                req.context().get(dev.gatehouse.router.access.TokenCharge.class).ifPresent(c -> c.charge(
                        (long) Math.max(0, finished.served().promptTokens())
                                + Math.max(0, finished.served().completionTokens())));
            }
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

    private void finish(FinishedRequest r) {
        metrics.request(r.endpoint(), r.model(), r.status(), r.latency());
        ServingOutcome served = r.served();
        if (served != null && (served.promptTokens() >= 0 || served.completionTokens() >= 0)) {
            metrics.tokens(r.model(), served.promptTokens(), served.completionTokens());
        }
        if (r.timeToFirstToken() != null) {
            metrics.timeToFirstToken(r.model(), r.timeToFirstToken());
        }
        if (served != null && served.cost() != null) {
            metrics.cost(served.tenant(), r.model(), served.cost());
        }
        if (served != null && served.decision() != null) {
            router.finished(served.decision(), r.decisionOutcome(), served.promptHash());
        }
        if (r.endpoint().startsWith("/health") || r.endpoint().equals("/metrics")) {
            return; // probes and scrapes would drown the log
        }
        // the source named, so that the log does not walk the stack to find it: this runs once per request
        REQUEST_LOG.logp(Level.INFO, RequestLifecycleFilter.class.getName(), "finish", r.logLine());
    }
}
