package dev.gatehouse.inference.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one provider: everything a client needs, nothing about policy (prices, data classes).
 *
 * @param id             the provider's id in the policy, e.g. {@code openai}
 * @param baseUrl        e.g. {@code https://api.openai.com/v1} or {@code https://api.anthropic.com/v1}
 * @param timeout        longest wait for the response's first token, and the longest silence between two events
 * @param maxConcurrency most requests in flight to this provider at once
 */
public record ProviderEndpoint(String id, ProviderKind kind, URI baseUrl, ApiKey apiKey, Duration timeout,
        int maxConcurrency) {
    public ProviderEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
        }
    }

    /** {@code baseUrl} with {@code path} appended, whether or not the base ends with a slash. */
    URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }
}
