package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One provider's client: build the request, classify the response, hand the body to a token stream. */
final class HttpProviderClient implements ProviderClient {

    private static final int MAX_ANSWER_BYTES = 16 << 20;
    private static final int MAX_ERROR_BYTES = 8 << 10;

    private final ProviderEndpoint endpoint;
    private final WireFormat format;
    private final HttpClient http;
    /** Non-streaming calls over plain {@code http}; null for {@code https} endpoints. */
    private final PlainHttpExchange plain;
    private final URI uri;
    private final Map<String, String> authHeaders;

    HttpProviderClient(ProviderEndpoint endpoint, WireFormat format, HttpClient http) {
        this.endpoint = endpoint;
        this.format = format;
        this.http = http;
        this.uri = endpoint.resolve(format.path());
        this.authHeaders = endpoint.apiKey().present() ? format.authHeaders(endpoint.apiKey()) : Map.of();
        this.plain = "http".equals(endpoint.baseUrl().getScheme()) ? new PlainHttpExchange(endpoint.timeout()) : null;
    }

    @Override
    public ProviderEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public TokenStream chat(String model, ChatRequest request, ProviderOptions options, Delivery delivery) {
        List<String> unsupported = format.unsupported(request, options);
        if (!unsupported.isEmpty()) {
            throw new UnsupportedOptionException(unsupported, "provider " + endpoint.id());
        }
        boolean stream = delivery == Delivery.STREAMING;
        long deadline = System.nanoTime() + endpoint.timeout().toNanos();
        byte[] requestBody = format.body(model, request, options, stream);
        if (!stream && plain != null) {
            return plainAnswer(requestBody, deadline);
        }
        // no HttpRequest.timeout: send() bounds the wait with the same deadline, and the client's own timer is one
        // shared, locked set its selector thread purges on every wake-up (the top contended lock at 16 clients)
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody));
        if (plain != null) {
            builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on plain connections
        }
        authHeaders.forEach(builder::header);
        HttpResponse<BodyQueue> response = send(builder.build(), deadline);
        BodyQueue body = response.body();
        try {
            int status = response.statusCode();
            if (!PlainHttpExchange.success(status)) {
                throw failureStatus(status, response.headers().firstValue("Retry-After"), errorBody(body, deadline));
            }
            return stream ? ProviderTokenStream.open(endpoint, format.translator(), body, deadline)
                    : buffered(body, deadline);
        } catch (RuntimeException e) {
            body.cancel();
            throw e;
        }
    }

    private TokenStream plainAnswer(byte[] requestBody, long deadline) {
        PlainHttpExchange.Response response;
        try {
            response = plain.post(uri, authHeaders, requestBody, MAX_ANSWER_BYTES, MAX_ERROR_BYTES, deadline);
        } catch (TimeoutException e) {
            throw failure(Kind.TIMEOUT, "no answer within " + endpoint.timeout(), null, e);
        } catch (IOException e) {
            if (Thread.interrupted()) { // the socket was closed by the interrupt; the flag goes back on below
                Thread.currentThread().interrupt();
                throw new InferenceException(InferenceException.Kind.CANCELLED, "interrupted while calling "
                        + endpoint.id());
            }
            if (e instanceof PlainHttpExchange.BrokenBody) {
                throw failure(Kind.BROKEN_BEFORE_FIRST_TOKEN, "answer cut short: " + e.getMessage(), null, e);
            }
            throw failure(Kind.CONNECT, connectionFailure(e), null, e);
        }
        if (!PlainHttpExchange.success(response.status())) {
            throw failureStatus(response.status(), response.retryAfter(),
                    new String(response.body(), StandardCharsets.UTF_8));
        }
        return answer(new String(response.body(), StandardCharsets.UTF_8));
    }

    private HttpResponse<BodyQueue> send(HttpRequest request, long deadline) {
        CompletableFuture<HttpResponse<BodyQueue>> future = http.sendAsync(request, info -> new BodyQueue());
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure(Kind.TIMEOUT, "no response within " + endpoint.timeout(), null, null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InferenceException(InferenceException.Kind.CANCELLED, "interrupted while calling "
                    + endpoint.id());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw failure(Kind.TIMEOUT, "no response within " + endpoint.timeout(), null, cause);
            }
            throw failure(Kind.CONNECT, connectionFailure(cause), null, cause);
        }
    }

    private static String connectionFailure(Throwable cause) {
        boolean refused = false;
        for (Throwable t = cause; t != null && !refused; t = t.getCause()) refused = t instanceof ConnectException;
        return (refused ? "connection refused or unreachable" : "connection failed")
                + " (" + cause.getClass().getSimpleName() + ")";
    }

    private ProviderException failureStatus(int status, Optional<String> retryAfterHeader, String errorBody) {
        String message = "HTTP " + status + ": " + format.errorMessage(errorBody);
        Duration retryAfter = retryAfterHeader.map(RetryAfter::parse).orElse(null);
        if (status == 429) {
            return failure(Kind.RATE_LIMITED, message, retryAfter, null);
        }
        if (status >= 500 || status == 408) {
            return failure(Kind.SERVER_ERROR, message, retryAfter, null);
        }
        return failure(Kind.REJECTED, message, null, null);
    }

    private static String errorBody(BodyQueue body, long deadline) {
        try {
            return body.rest(deadline, MAX_ERROR_BYTES);
        } catch (IOException | TimeoutException e) {
            return "(no readable error body)";
        }
    }

    private TokenStream buffered(BodyQueue body, long deadline) {
        try {
            return answer(body.rest(deadline, MAX_ANSWER_BYTES));
        } catch (TimeoutException e) {
            throw failure(Kind.TIMEOUT, "answer not complete within " + endpoint.timeout(), null, null);
        } catch (IOException e) {
            throw failure(Kind.BROKEN_BEFORE_FIRST_TOKEN, "unreadable answer: " + e.getMessage(), null, e);
        }
    }

    private TokenStream answer(String body) {
        WireFormat.Answer answer;
        try {
            JsonNode root = WireFormat.MAPPER.readTree(body);
            answer = format.answer(root == null ? WireFormat.MAPPER.nullNode() : root);
        } catch (IOException | IllegalArgumentException e) {
            throw failure(Kind.BROKEN_BEFORE_FIRST_TOKEN, "unreadable answer: " + e.getMessage(), null, e);
        }
        TokenEvent.End end = new TokenEvent.End(answer.finishReason(), answer.usage(), answer.toolCalls());
        return new ListTokenStream(answer.text().isEmpty() && answer.logprobs().isEmpty() ? List.of(end)
                : List.of(new TokenEvent.Text(answer.text(), answer.logprobs()), end));
    }

    private ProviderException failure(Kind kind, String message, Duration retryAfter, Throwable cause) {
        return new ProviderException(kind, endpoint.id(), message, retryAfter, cause);
    }
}
