package dev.gatehouse.router.policy;

import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.escalation.TokenPrices;
import dev.gatehouse.router.pools.CapacitySource;
import dev.gatehouse.router.pools.CapacitySourceReader;
import dev.gatehouse.router.privacy.DataClass;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the endpoint keys of targets ({@code baseUrl}, {@code onPremises}, {@code capacity}, {@code apiKeyEnv},
 * {@code timeout}, {@code maxConcurrency}): a target {@code pool/model} with a {@code baseUrl} is served by an
 * OpenAI-compatible endpoint of its own (another Gatehouse, vLLM, an inference gateway). The targets of one pool
 * become one provider, so the transport (client, circuit, timeout) is the providers' one; {@code onPremises: true}
 * makes the pool's targets local for data classes and escalation gates.
 */
final class PoolTargetReader {

    static final List<String> KEYS = List.of("baseUrl", "onPremises", "capacity", "apiKeyEnv", "timeout",
            "maxConcurrency");
    private static final Pattern POOL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private PoolTargetReader() {}

    /** The escalation policy with a provider for every pool its targets declare. */
    static EscalationPolicy join(EscalationPolicy escalation, List<YamlNode> targets, Map<String, String> env) {
        Map<String, Declared> pools = new LinkedHashMap<>();
        for (YamlNode n : targets) {
            if (!n.has("baseUrl")) {
                for (String key : KEYS) {
                    if (!key.equals("onPremises") && n.has(key)) {
                        n.violation(key, "only a target with a baseUrl (its own endpoint) takes " + key);
                    }
                }
                continue;
            }
            Declared d = read(n, escalation, env);
            if (d == null) continue;
            Declared first = pools.get(d.pool);
            if (first == null) {
                pools.put(d.pool, d);
            } else if (!first.sameEndpoint(d)) {
                n.violation("baseUrl", "pool '" + d.pool + "' is declared differently at " + first.path()
                        + "; its targets must agree on baseUrl, onPremises, capacity, apiKeyEnv, timeout and "
                        + "maxConcurrency");
            } else {
                first.models.add(d.models.getFirst());
            }
        }
        if (pools.isEmpty()) return escalation;
        List<ProviderConfig> providers = new ArrayList<>(escalation.providers());
        pools.values().forEach(d -> providers.add(d.provider()));
        return escalation.withProviders(providers);
    }

    private static Declared read(YamlNode n, EscalationPolicy escalation, Map<String, String> env) {
        int before = n.violations().size();
        String id = n.string("id");
        int slash = id == null ? -1 : id.indexOf('/');
        String pool = slash < 0 ? null : id.substring(0, slash);
        if (id != null && (slash < 0 || slash == id.length() - 1 || !POOL_ID.matcher(pool).matches())) {
            n.violation("id", "a target with a baseUrl is named pool/model (a pool name of " + POOL_ID.pattern()
                    + ", then the model the pool is asked for), was '" + id + "'");
        } else if (pool != null && escalation.provider(pool).isPresent()) {
            n.violation("baseUrl", "'" + pool + "' is also in providers:; declare its endpoint in one place");
        }
        URI baseUrl = CapacitySourceReader.url(n, "baseUrl");
        Boolean onPremises = n.bool("onPremises");
        CapacitySource capacity = CapacitySourceReader.read(n, "capacity");
        String keyEnv = n.string("apiKeyEnv");
        ApiKey key = ApiKey.none();
        if (keyEnv != null) {
            String value = env.get(keyEnv);
            if (value == null || value.isBlank()) {
                n.violation("apiKeyEnv", "environment variable " + keyEnv + " is not set");
            } else {
                key = ApiKey.of(value.strip());
            }
        }
        Duration timeout = n.duration("timeout");
        Integer maxConcurrency = n.integer("maxConcurrency", 1, 1_000_000);
        if (n.violations().size() > before || pool == null) return null;
        return new Declared(n.path(), pool, new ArrayList<>(List.of(id.substring(slash + 1))), baseUrl,
                Boolean.TRUE.equals(onPremises), capacity, keyEnv, key,
                timeout == null ? ProviderConfig.DEFAULT_TIMEOUT : timeout,
                maxConcurrency == null ? ProviderConfig.DEFAULT_MAX_CONCURRENCY : maxConcurrency);
    }

    /** One target's endpoint; the first target of a pool collects the models of the others. */
    private record Declared(String path, String pool, List<String> models, URI baseUrl, boolean onPremises,
            CapacitySource capacity, String keyEnv, ApiKey key, Duration timeout, int maxConcurrency) {

        boolean sameEndpoint(Declared o) {
            return baseUrl.equals(o.baseUrl) && onPremises == o.onPremises && Objects.equals(capacity, o.capacity)
                    && Objects.equals(keyEnv, o.keyEnv) && timeout.equals(o.timeout)
                    && maxConcurrency == o.maxConcurrency;
        }

        /**
         * The pool as a provider: free (its targets' own prices apply), every data class on premises (the targets'
         * own classes narrow it), otherwise at most internal.
         */
        ProviderConfig provider() {
            Set<DataClass> classes = onPremises ? EnumSet.allOf(DataClass.class)
                    : EnumSet.of(DataClass.PUBLIC, DataClass.INTERNAL);
            return new ProviderConfig(pool, ProviderKind.OPENAI, baseUrl, keyEnv, key, models, classes, null,
                    TokenPrices.FREE, timeout, maxConcurrency, onPremises, capacity);
        }
    }
}
