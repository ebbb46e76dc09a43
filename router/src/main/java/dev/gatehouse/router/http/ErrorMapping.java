package dev.gatehouse.router.http;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.provider.ProviderException;
import dev.gatehouse.router.escalation.BudgetExhaustedException;
import dev.gatehouse.router.escalation.EscalationCappedException;
import dev.gatehouse.router.escalation.NoTargetAnsweredException;
import dev.gatehouse.router.serving.ContextTooLongException;
import dev.gatehouse.router.serving.RequestTimeoutException;
import dev.gatehouse.router.serving.RouteRefusedException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * The one place where exceptions become HTTP errors. Client mistakes are 4xx with the field and rule; pool and
 * backend failures follow {@link InferenceException.Kind}; anything else is a 500 whose message says only the
 * request id (the details go to the server log).
 */
final class ErrorMapping {

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String SERVER_ERROR = "server_error";
    private static final Duration BUSY_RETRY = Duration.ofSeconds(5);
    /** A refused budget resets at the start of a day or month; the decision does not say which, so: an hour. */
    private static final Duration BUDGET_RETRY = Duration.ofHours(1);

    private ErrorMapping() {}

    static ApiError map(Throwable failure, String requestId) {
        return switch (failure) {
            case InvalidRequestException e ->
                    new ApiError(e.status(), INVALID_REQUEST, e.code(), e.param(), e.getMessage(), null);
            case InferenceException e -> inference(e, requestId);
            case UnsupportedOptionException e -> unsupported(e);
            case BudgetExhaustedException e -> budget(e);
            case ProviderException e -> provider(e, e.retryAfter().orElse(null), e.getMessage());
            case NoTargetAnsweredException e -> switch (e.last()) {
                case ProviderException last -> provider(last, e.retryAfter().orElse(null), e.getMessage());
                case BudgetExhaustedException last -> budget(last);
                case InferenceException last -> inference(last, requestId);
                case UnsupportedOptionException last -> unsupported(last);
                case EscalationCappedException last -> capped(last);
                default -> unexpected(requestId);
            };
            case EscalationCappedException e -> capped(e);
            case RouteRefusedException e -> refused(e);
            case ContextTooLongException e ->
                    new ApiError(400, INVALID_REQUEST, "context_length_exceeded", e.param(), e.getMessage(), null);
            case RequestTimeoutException e ->
                    new ApiError(504, SERVER_ERROR, "request_timeout", null, e.getMessage(), null);
            case dev.gatehouse.router.review.ReviewException e -> review(e);
            case HttpException e when e.status().code() < 500 ->
                    new ApiError(e.status().code(), INVALID_REQUEST, null, null, e.getMessage(), null);
            default -> unexpected(requestId);
        };
    }

    private static ApiError inference(InferenceException e, String requestId) {
        Duration retry = e.retryAfter().orElse(BUSY_RETRY);
        return switch (e.kind()) {
            case MODEL_NOT_FOUND -> new ApiError(404, INVALID_REQUEST, "model_not_found", "model", e.getMessage(), null);
            case WRONG_TASK -> new ApiError(400, INVALID_REQUEST, "model_wrong_task", "model", e.getMessage(), null);
            case CONTEXT_OVERFLOW ->
                    new ApiError(400, INVALID_REQUEST, "context_length_exceeded", "messages", e.getMessage(), null);
            case OVERLOADED -> new ApiError(429, "rate_limit_error", "server_overloaded", null,
                    "the model is busy: " + e.getMessage() + "; retry later", retry);
            case MODEL_NOT_READY ->
                    new ApiError(503, SERVER_ERROR, "model_not_ready", null, e.getMessage(), retry);
            case WORKER_FAILED -> new ApiError(503, SERVER_ERROR, "worker_failed", null,
                    "the model's worker process failed; retry later (request id " + requestId + ")", retry);
            case NATIVE_FAILURE -> new ApiError(500, SERVER_ERROR, "generation_failed", null,
                    "the model failed to generate (request id " + requestId + ")", null);
            case CANCELLED -> new ApiError(503, SERVER_ERROR, "cancelled", null,
                    "generation was cancelled (request id " + requestId + ")", null);
            case PROVIDER_FAILED -> new ApiError(502, SERVER_ERROR, "provider_failed", null,
                    "the upstream provider failed: " + e.getMessage() + " (request id " + requestId + ")", null);
        };
    }

    /** A target cannot honour a field: the client's request is fine, but not for this target (OpenAI's code). */
    private static ApiError unsupported(UnsupportedOptionException e) {
        return new ApiError(400, INVALID_REQUEST, "unsupported_parameter", e.param(), e.getMessage(), null);
    }

    private static ApiError budget(BudgetExhaustedException e) {
        return new ApiError(429, "rate_limit_error", "budget_exhausted", null, e.getMessage(), e.retryAfter());
    }

    /** A provider (or every target) failed before the first token; the status says whose fault and when to retry. */
    private static ApiError provider(ProviderException e, Duration retryAfter, String message) {
        return switch (e.kind()) {
            case RATE_LIMITED -> new ApiError(429, "rate_limit_error", "provider_rate_limited", null, message,
                    retryAfter != null ? retryAfter : BUSY_RETRY);
            case TIMEOUT -> new ApiError(504, SERVER_ERROR, "provider_timeout", null, message, null);
            case UNAVAILABLE, BUSY -> new ApiError(503, SERVER_ERROR, "provider_unavailable", null, message,
                    retryAfter != null ? retryAfter : BUSY_RETRY);
            case CONNECT, SERVER_ERROR, REJECTED, BROKEN_BEFORE_FIRST_TOKEN, STREAM_BROKEN ->
                    new ApiError(502, SERVER_ERROR, "provider_failed", null, message, retryAfter);
        };
    }

    private static ApiError refused(RouteRefusedException e) {
        if (e.budgetExhausted()) {
            return new ApiError(429, "rate_limit_error", "budget_exhausted", null, e.getMessage(), BUDGET_RETRY);
        }
        if (e.overloaded()) {
            return new ApiError(429, "rate_limit_error", "server_overloaded", null, e.getMessage(), BUSY_RETRY);
        }
        if (e.decision().has(dev.gatehouse.router.policy.ReasonCode.TOOL_NO_MATCH)) {
            return new ApiError(400, INVALID_REQUEST, "tool_no_match", "model", e.getMessage(), null);
        }
        if (e.forbidden()) {
            return new ApiError(403, INVALID_REQUEST, "policy_violation", "model", e.getMessage(), null);
        }
        return new ApiError(503, SERVER_ERROR, "no_eligible_target", null, e.getMessage(), BUSY_RETRY);
    }

    private static ApiError review(dev.gatehouse.router.review.ReviewException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> new ApiError(404, INVALID_REQUEST, "review_not_found", null, e.getMessage(), null);
            case ALREADY_DECIDED ->
                    new ApiError(409, INVALID_REQUEST, "review_already_decided", null, e.getMessage(), null);
            case QUEUE_FULL -> new ApiError(503, SERVER_ERROR, "review_queue_full", null, e.getMessage(), BUSY_RETRY);
            case INVALID -> new ApiError(400, INVALID_REQUEST, "invalid_value", e.field(), e.getMessage(), null);
            case STORE_UNAVAILABLE ->
                    new ApiError(503, SERVER_ERROR, "review_store_unavailable", null, e.getMessage(), BUSY_RETRY);
        };
    }

    private static ApiError capped(EscalationCappedException e) {
        return new ApiError(429, "rate_limit_error", "escalation_capped", null, e.getMessage(),
                EscalationCappedException.RETRY_AFTER);
    }

    static ApiError unexpected(String requestId) {
        return new ApiError(500, SERVER_ERROR, "internal_error", null,
                "internal server error (request id " + requestId + ")", null);
    }

    static ApiError notFound(String path) {
        return new ApiError(404, INVALID_REQUEST, "not_found", null, "no endpoint at " + path, null);
    }

    static ApiError methodNotAllowed(String method, String path, String allowed) {
        return new ApiError(405, INVALID_REQUEST, "method_not_allowed", null,
                method + " is not allowed on " + path + "; use " + allowed, null);
    }

    /** Whether the failure is the server's fault and its stack trace belongs in the log. */
    static boolean isServerFault(ApiError error) {
        return error.status() >= 500 && !"model_not_ready".equals(error.code())
                && !error.code().startsWith("provider_"); // an upstream's failure is logged as one line, not a trace
    }

    /** Writes the error as an OpenAI error body; only valid before anything else was written. */
    static void write(ServerResponse res, ApiError error) {
        res.status(error.status());
        if (error.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.error(error.message(), error.type(), error.param(), error.code())));
    }
}
