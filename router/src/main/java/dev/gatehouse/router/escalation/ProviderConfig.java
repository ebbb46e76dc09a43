package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.router.pools.CapacitySource;
import dev.gatehouse.router.privacy.DataClass;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One approved provider from the policy's {@code providers:} list, validated by {@link ProvidersReader}, or an
 * on-premises pool (another Gatehouse, a vLLM server, an inference gateway) declared there or by a target's
 * {@code baseUrl}. The key itself came from the environment variable {@code apiKeyEnv}; {@link ApiKey} keeps it out
 * of {@code toString}.
 *
 * @param apiKey      the key, or {@link ApiKey#none()} for an on-premises pool that asks for none
 * @param dataClasses the data classes that may be sent there; {@code restricted} only on premises
 * @param region      where the provider processes data, as the operator declares it (free text)
 * @param onPremises  inside the trust boundary: its targets are local for data classes and escalation gates, while
 *                    requests still travel over HTTP with this timeout
 * @param capacity    where its live capacity is polled, or null (then {@code maxConcurrency} is all it is known by)
 */
public record ProviderConfig(String id, ProviderKind kind, URI baseUrl, String apiKeyEnv, ApiKey apiKey,
        List<String> models, Set<DataClass> dataClasses, String region, TokenPrices prices, Duration timeout,
        int maxConcurrency, boolean onPremises, CapacitySource capacity) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    public ProviderConfig {
        models = List.copyOf(models);
        dataClasses = Set.copyOf(dataClasses);
        if (dataClasses.contains(DataClass.RESTRICTED) && !onPremises) {
            throw new IllegalArgumentException("restricted data never leaves: " + id);
        }
    }

    /** An approved cloud provider (not on premises, no capacity polling). */
    public ProviderConfig(String id, ProviderKind kind, URI baseUrl, String apiKeyEnv, ApiKey apiKey,
            List<String> models, Set<DataClass> dataClasses, String region, TokenPrices prices, Duration timeout,
            int maxConcurrency) {
        this(id, kind, baseUrl, apiKeyEnv, apiKey, models, dataClasses, region, prices, timeout, maxConcurrency, false,
                null);
    }

    /** What the HTTP client needs. */
    public ProviderEndpoint endpoint() {
        return new ProviderEndpoint(id, kind, baseUrl, apiKey, timeout, maxConcurrency);
    }

    /** The target name the policy uses for one of its models: {@code provider-id/model}. */
    public String targetName(String model) {
        return id + "/" + model;
    }

    public boolean allows(DataClass dataClass) {
        return dataClasses.contains(dataClass);
    }
}
