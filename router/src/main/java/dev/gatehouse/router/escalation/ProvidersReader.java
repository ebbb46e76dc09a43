package dev.gatehouse.router.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.pools.CapacitySource;
import dev.gatehouse.router.pools.CapacitySourceReader;
import dev.gatehouse.router.privacy.DataClass;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy's {@code providers:} list (already parsed YAML) into {@link ProviderConfig}s, reporting every
 * violation with its key path ({@code providers[1].baseUrl}). The policy reader hands its subtree here. API keys
 * come from the environment map, by the name in {@code apiKeyEnv}; their values never appear in a message.
 */
public final class ProvidersReader {

    static final List<String> KEYS = List.of("id", "kind", "baseUrl", "apiKeyEnv", "models", "dataClasses", "region",
            "pricePer1kInput", "pricePer1kOutput", "timeout", "maxConcurrency", "onPremises", "capacity");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private ProvidersReader() {}

    /** Reads the list under key or throws a {@link ConfigException} listing every problem. */
    public static List<ProviderConfig> read(YamlNode owner, String key, Map<String, String> env, String source) {
        int before = owner.violations().size();
        List<ProviderConfig> configs = read(owner, key, env);
        if (owner.violations().size() > before) {
            throw new ConfigException(source, owner.violations());
        }
        return configs;
    }

    /** Reads what is valid under key and adds a violation to the owner's walk for each problem. */
    public static List<ProviderConfig> read(YamlNode owner, String key, Map<String, String> env) {
        List<ProviderConfig> configs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode node : owner.mappings(key)) {
            ProviderConfig config = new Entry(node, env).read();
            if (config != null && !ids.add(config.id())) {
                node.violation("id", "duplicate provider id '" + config.id() + "'");
            }
            if (config != null) {
                configs.add(config);
            }
        }
        return configs;
    }

    /** One list entry; every read adds its own violations and returns null when the value is unusable. */
    private record Entry(YamlNode node, Map<String, String> env) {

        ProviderConfig read() {
            List<Violation> violations = node.violations();
            int before = violations.size();
            node.rejectUnknownKeys(KEYS);
            String id = text("id", true);
            if (id != null && !ID.matcher(id).matches()) {
                violation("id", "must match " + ID.pattern() + " (it is the first part of 'provider-id/model'), was '"
                        + YamlNode.bounded(id) + "'");
            }
            ProviderKind kind = kind();
            URI baseUrl = baseUrl();
            boolean onPremises = Boolean.TRUE.equals(node.bool("onPremises"));
            String apiKeyEnv = text("apiKeyEnv", !onPremises);
            ApiKey apiKey = onPremises ? ApiKey.none() : null;
            if (apiKeyEnv != null) {
                String value = env.get(apiKeyEnv);
                if (value == null || value.isBlank()) {
                    violation("apiKeyEnv", "environment variable " + YamlNode.bounded(apiKeyEnv) + " is not set");
                } else {
                    apiKey = ApiKey.of(value.strip());
                }
            }
            List<String> models = strings("models", true);
            Set<DataClass> dataClasses = dataClasses(onPremises);
            String region = text("region", false);
            BigDecimal in = price("pricePer1kInput", onPremises);
            BigDecimal out = price("pricePer1kOutput", onPremises);
            Duration timeout = timeout();
            int maxConcurrency = maxConcurrency();
            CapacitySource capacity = CapacitySourceReader.read(node, "capacity");
            if (violations.size() > before) {
                return null;
            }
            return new ProviderConfig(id, kind, baseUrl, apiKeyEnv, apiKey, models, dataClasses, region,
                    new TokenPrices(in, out), timeout, maxConcurrency, onPremises, capacity);
        }

        private void violation(String key, String message) {
            node.violation(key, message);
        }

        private String text(String key, boolean required) {
            if (!node.has(key)) {
                if (required) violation(key, "is required");
                return null;
            }
            String text = node.string(key);
            return text == null ? null : text.strip();
        }

        private ProviderKind kind() {
            String text = text("kind", true);
            if (text == null) return null;
            return switch (text) {
                case "openai" -> ProviderKind.OPENAI;
                case "anthropic" -> ProviderKind.ANTHROPIC;
                default -> {
                    violation("kind", "must be one of [openai, anthropic], was '" + YamlNode.bounded(text) + "'");
                    yield null;
                }
            };
        }

        private URI baseUrl() {
            String text = text("baseUrl", true);
            if (text == null) return null;
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getUserInfo() == null && uri.getQuery() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            violation("baseUrl", "must be an http(s) URL without credentials or query, e.g. https://api.openai.com/v1,"
                    + " was '" + YamlNode.bounded(text) + "'");
            return null;
        }

        private List<String> strings(String key, boolean required) {
            if (!node.has(key)) {
                if (required) violation(key, "is required (a non-empty list)");
                return null;
            }
            JsonNode value = node.get(key);
            if (value.isArray() && value.isEmpty()) {
                violation(key, "must be a non-empty list");
                return null;
            }
            List<String> items = node.strings(key);
            return value.isArray() ? items.stream().map(String::strip).toList() : null;
        }

        private Set<DataClass> dataClasses(boolean onPremises) {
            if (!node.has("dataClasses")) {
                // the safe default: only what is public already; inside the building, what local models may see
                return onPremises ? EnumSet.allOf(DataClass.class) : EnumSet.of(DataClass.PUBLIC);
            }
            List<String> names = strings("dataClasses", true);
            if (names == null) return null;
            Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String at = node.path("dataClasses") + "[" + i + "]";
                DataClass match = null;
                for (DataClass c : DataClass.values()) {
                    if (c.wireName().equals(name)) match = c;
                }
                if (match == null) {
                    node.violations().add(new Violation(at, "must be one of [public, internal, confidential], was '"
                            + YamlNode.bounded(name) + "'"));
                } else if (match == DataClass.RESTRICTED && !onPremises) {
                    node.violations().add(new Violation(at, "restricted data never leaves the building; allowed are "
                            + "[public, internal, confidential], or mark a pool in the building onPremises: true"));
                } else {
                    classes.add(match);
                }
            }
            return classes;
        }

        private BigDecimal price(String key, boolean onPremises) {
            JsonNode value = node.get(key);
            if ((value == null || value.isNull()) && onPremises) {
                return BigDecimal.ZERO; // the operator's own hardware, unless priced
            }
            if (value == null || value.isNull()) {
                violation(key, "is required (price per 1,000 tokens, e.g. 0.0025; 0 for free)");
                return null;
            }
            if (!value.isNumber() || value.decimalValue().signum() < 0) {
                violation(key, "must be a number >= 0, was " + YamlNode.describe(value));
                return null;
            }
            return value.decimalValue();
        }

        private Duration timeout() {
            JsonNode value = node.get("timeout");
            if (value == null || value.isNull()) return ProviderConfig.DEFAULT_TIMEOUT;
            Matcher m = DURATION.matcher(value.isIntegralNumber() ? value.asText() + "s" : value.asText().strip());
            if ((value.isTextual() || value.isIntegralNumber()) && m.matches()) {
                long amount = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                };
                if (!d.isZero()) return d;
            }
            violation("timeout", "must be a positive duration such as 30s, 500ms or 2m, was " + YamlNode.describe(value));
            return null;
        }

        private int maxConcurrency() {
            if (!node.has("maxConcurrency")) return ProviderConfig.DEFAULT_MAX_CONCURRENCY;
            Integer value = node.integer("maxConcurrency", 1);
            return value == null ? 0 : value;
        }
    }
}
