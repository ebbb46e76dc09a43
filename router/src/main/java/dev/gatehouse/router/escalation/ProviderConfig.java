package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.router.privacy.DataClass;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One approved provider from the policy's {@code providers:} list, validated by {@link ProvidersReader}. The key
 * itself came from the environment variable {@code apiKeyEnv}; {@link ApiKey} keeps it out of {@code toString}.
 *
 * @param dataClasses the data classes that may be sent there; never {@code restricted}
 * @param region      where the provider processes data, as the operator declares it (free text)
 */
public record ProviderConfig(String id, ProviderKind kind, URI baseUrl, String apiKeyEnv, ApiKey apiKey,
        List<String> models, Set<DataClass> dataClasses, String region, TokenPrices prices, Duration timeout,
        int maxConcurrency) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    public ProviderConfig {
        models = List.copyOf(models);
        dataClasses = Set.copyOf(dataClasses);
        if (dataClasses.contains(DataClass.RESTRICTED)) {
            throw new IllegalArgumentException("restricted data never leaves: " + id);
        }
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
