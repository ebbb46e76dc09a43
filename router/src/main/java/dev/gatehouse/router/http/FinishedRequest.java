package dev.gatehouse.router.http;

import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.serving.ServingOutcome;
import java.time.Duration;

/**
 * One request when its response is done, built once from its record: what the request log, the metrics and the
 * decision log are written from.
 *
 * @param endpoint  the matched route's pattern, or {@code unmatched}
 * @param status    the HTTP status, or 499 when the client went away mid-answer (nginx's "client closed request")
 * @param served    what serving the request came to, or null when it failed before (a bad body)
 * @param errorCode the error sent, in the body or inside the stream, or null
 */
record FinishedRequest(String requestId, String endpoint, int status, Duration latency, Duration timeToFirstToken,
                       long generationNanos, ServingOutcome served, String errorCode) {

    static final int CLIENT_CLOSED = 499;

    static FinishedRequest of(RequestRecord r, String endpoint, int httpStatus, long nowNanos) {
        ServingOutcome s = r.outcome();
        int status = s != null && s.clientClosed() ? CLIENT_CLOSED : httpStatus;
        String error = r.errorCode != null ? r.errorCode : s == null ? null : s.errorCode();
        long firstToken = s == null ? -1 : s.firstTokenNanos();
        Duration ttft = firstToken < 0 ? null : Duration.ofNanos(firstToken - r.startNanos);
        return new FinishedRequest(r.requestId, endpoint, status, Duration.ofNanos(nowNanos - r.startNanos), ttft,
                firstToken < 0 ? 0 : nowNanos - firstToken, s, error);
    }

    /** The model label: what answered or was tried, "none" when the request never reached one. */
    String model() {
        return served == null || served.model() == null ? "none" : served.model();
    }

    /** The decision log's view of how the decided request ended. */
    Outcome decisionOutcome() {
        if (served.dryRun()) {
            return Outcome.dryRun(latency.toMillis());
        }
        boolean answered = status < 400 && served.model() != null;
        return new Outcome(false, answered ? served.model() : null, status, latency.toMillis(),
                timeToFirstToken == null ? -1 : timeToFirstToken.toMillis(), served.promptTokens(),
                served.completionTokens(), answered ? generationNanos : 0, errorCode, served.cost());
    }

    /** The one log line, without prompt text unless serving kept it (only with {@code logPrompts: true}). */
    String logLine() {
        StringBuilder line = new StringBuilder("request id=").append(requestId)
                .append(" endpoint=").append(endpoint)
                .append(" model=").append(model())
                .append(" status=").append(status)
                .append(" stream=").append(served != null && served.streamed())
                .append(" prompt_tokens=").append(served == null ? 0 : Math.max(0, served.promptTokens()))
                .append(" completion_tokens=").append(served == null ? 0 : Math.max(0, served.completionTokens()))
                .append(" latency_ms=").append(latency.toMillis())
                .append(" ttft_ms=").append(timeToFirstToken == null ? "-" : Long.toString(timeToFirstToken.toMillis()));
        if (errorCode != null) {
            line.append(" error=").append(errorCode);
        }
        if (served != null && served.promptText() != null) {
            line.append(" prompt=").append(quoted(served.promptText()));
            line.append(" completion=").append(quoted(served.completionText() == null ? "" : served.completionText()));
        }
        return line.toString();
    }

    private static String quoted(String text) {
        return OpenAiJson.MAPPER.getNodeFactory().textNode(text).toString();
    }
}
