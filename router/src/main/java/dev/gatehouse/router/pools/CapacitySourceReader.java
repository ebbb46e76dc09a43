package dev.gatehouse.router.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * Reads a {@code capacity:} mapping ({@code {gatehouse: URL}} or {@code {prometheus: URL}}, with optional timing
 * and thresholds) into a {@link CapacitySource}, adding a violation with its key path for every problem.
 */
public final class CapacitySourceReader {

    public static final List<String> KEYS = List.of("gatehouse", "prometheus", "every", "timeout", "staleAfter",
            "maxWaiting", "maxKvCacheUsage");

    private CapacitySourceReader() {}

    /** @return the source under key, or null when it is absent or has a problem (then a violation says which) */
    public static CapacitySource read(YamlNode owner, String key) {
        YamlNode node = owner.mapping(key);
        if (node == null) return null;
        List<Violation> violations = node.violations();
        int before = violations.size();
        node.rejectUnknownKeys(KEYS);
        boolean gatehouse = node.get("gatehouse") != null;
        if (gatehouse == (node.get("prometheus") != null)) {
            node.violation(null, "needs exactly one of gatehouse: URL (another Gatehouse) or "
                    + "prometheus: URL (vLLM or llama-server metrics)");
            return null;
        }
        CapacitySource.Kind kind = gatehouse ? CapacitySource.Kind.GATEHOUSE : CapacitySource.Kind.PROMETHEUS;
        URI url = url(node, kind.wireName());
        if (url != null && kind == CapacitySource.Kind.GATEHOUSE) url = poolUrl(url);
        Duration every = duration(node, "every", CapacitySource.DEFAULT_EVERY);
        Duration timeout = duration(node, "timeout", CapacitySource.DEFAULT_TIMEOUT);
        Duration staleAfter = duration(node, "staleAfter", CapacitySource.DEFAULT_STALE_AFTER);
        if (every != null && staleAfter != null && staleAfter.compareTo(every) <= 0) {
            node.violation("staleAfter", "must be longer than every (" + every.toMillis()
                    + " ms), or every reading would be stale before the next one, was " + staleAfter.toMillis()
                    + " ms");
        }
        Integer maxWaiting = node.integer("maxWaiting", 0);
        if (maxWaiting == null && kind == CapacitySource.Kind.PROMETHEUS) maxWaiting = CapacitySource.DEFAULT_MAX_WAITING;
        double kv = CapacitySource.DEFAULT_MAX_KV_CACHE_USAGE;
        JsonNode usage = node.get("maxKvCacheUsage");
        if (usage != null && !usage.isNull()) {
            // (0, 1]: a usage of 0 would refuse every request, which no operator means
            if (!usage.isNumber() || !(usage.doubleValue() > 0 && usage.doubleValue() <= 1)) {
                node.violation("maxKvCacheUsage", "must be a number in (0, 1], e.g. 0.95, was "
                        + YamlNode.describe(usage));
            } else {
                kv = usage.doubleValue();
            }
        }
        if (violations.size() > before) return null;
        return new CapacitySource(kind, url, every, timeout, staleAfter, maxWaiting, kv);
    }

    /** The http(s) URL without credentials under key, or null after adding a violation. */
    public static URI url(YamlNode owner, String key) {
        JsonNode value = owner.get(key);
        String text = value != null && value.isTextual() ? value.asText().strip() : null;
        if (text != null && !text.isEmpty()) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        owner.violation(key, "must be an http(s) URL without credentials, e.g. http://10.0.0.7:8080, "
                + "was " + (value == null ? "nothing" : YamlNode.describe(value)));
        return null;
    }

    /** A peer named by its address ({@code http://host:8080} or {@code …/v1}) is polled at its {@code /v1/pool}. */
    static URI poolUrl(URI peer) {
        String path = peer.getRawPath() == null ? "" : peer.getRawPath();
        if (path.endsWith("/v1/pool")) return peer;
        String base = path.replaceAll("/+$", "");
        if (base.endsWith("/v1")) base = base.substring(0, base.length() - 3);
        return peer.resolve(base + "/v1/pool");
    }

    private static Duration duration(YamlNode node, String key, Duration fallback) {
        if (!node.has(key)) return fallback;
        Duration d = node.duration(key);
        if (d != null && d.isZero()) {
            node.violation(key, "must be a positive duration such as 500ms, 2s or 1m, was 0");
            return null;
        }
        return d;
    }
}
