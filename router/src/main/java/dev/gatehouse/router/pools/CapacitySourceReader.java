package dev.gatehouse.router.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code capacity:} mapping ({@code {gatehouse: URL}} or {@code {prometheus: URL}}, with optional timing
 * and thresholds) into a {@link CapacitySource}, adding a violation with its key path for every problem.
 */
public final class CapacitySourceReader {

    public static final List<String> KEYS = List.of("gatehouse", "prometheus", "every", "timeout", "staleAfter",
            "maxWaiting", "maxKvCacheUsage");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    private CapacitySourceReader() {}

    /** @return the source, or null when it is absent or has a problem (then a violation says which) */
    public static CapacitySource read(JsonNode node, String path, List<Violation> violations) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            violations.add(new Violation(path, "must be a mapping such as {gatehouse: http://host:8080} or "
                    + "{prometheus: http://host:8000/metrics}, was " + node.getNodeType().name().toLowerCase()));
            return null;
        }
        int before = violations.size();
        node.fieldNames().forEachRemaining(name -> {
            if (!KEYS.contains(name)) violations.add(new Violation(path + "." + name, "unknown key, expected one of "
                    + KEYS));
        });
        boolean gatehouse = node.has("gatehouse");
        if (gatehouse == node.has("prometheus")) {
            violations.add(new Violation(path, "needs exactly one of gatehouse: URL (another Gatehouse) or "
                    + "prometheus: URL (vLLM or llama-server metrics)"));
            return null;
        }
        CapacitySource.Kind kind = gatehouse ? CapacitySource.Kind.GATEHOUSE : CapacitySource.Kind.PROMETHEUS;
        URI url = url(node.get(kind.wireName()), path + "." + kind.wireName(), violations);
        if (url != null && kind == CapacitySource.Kind.GATEHOUSE) url = poolUrl(url);
        Duration every = duration(node, "every", CapacitySource.DEFAULT_EVERY, path, violations);
        Duration timeout = duration(node, "timeout", CapacitySource.DEFAULT_TIMEOUT, path, violations);
        Duration staleAfter = duration(node, "staleAfter", CapacitySource.DEFAULT_STALE_AFTER, path, violations);
        if (every != null && staleAfter != null && staleAfter.compareTo(every) <= 0) {
            violations.add(new Violation(path + ".staleAfter", "must be longer than every (" + every.toMillis()
                    + " ms), or every reading would be stale before the next one, was " + staleAfter.toMillis()
                    + " ms"));
        }
        Integer maxWaiting = kind == CapacitySource.Kind.PROMETHEUS ? CapacitySource.DEFAULT_MAX_WAITING : null;
        JsonNode waiting = node.get("maxWaiting");
        if (waiting != null && !waiting.isNull()) {
            if (!waiting.canConvertToInt() || !waiting.isIntegralNumber() || waiting.intValue() < 0) {
                violations.add(new Violation(path + ".maxWaiting", "must be an integer >= 0, was " + waiting));
            } else {
                maxWaiting = waiting.intValue();
            }
        }
        double kv = CapacitySource.DEFAULT_MAX_KV_CACHE_USAGE;
        JsonNode usage = node.get("maxKvCacheUsage");
        if (usage != null && !usage.isNull()) {
            if (!usage.isNumber() || !(usage.doubleValue() > 0 && usage.doubleValue() <= 1)) {
                violations.add(new Violation(path + ".maxKvCacheUsage", "must be a number in (0, 1], e.g. 0.95, was "
                        + usage));
            } else {
                kv = usage.doubleValue();
            }
        }
        if (violations.size() > before) return null;
        return new CapacitySource(kind, url, every, timeout, staleAfter, maxWaiting, kv);
    }

    /** An http(s) URL without credentials, or null after adding a violation. */
    public static URI url(JsonNode value, String path, List<Violation> violations) {
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
        String shown = value == null ? "nothing" : value.toString();
        violations.add(new Violation(path, "must be an http(s) URL without credentials, e.g. http://10.0.0.7:8080, "
                + "was " + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown)));
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

    private static Duration duration(JsonNode node, String key, Duration fallback, String path,
            List<Violation> violations) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return fallback;
        Matcher m = DURATION.matcher(value.isTextual() ? value.asText().strip() : "");
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (!d.isZero()) return d;
        }
        violations.add(new Violation(path + "." + key, "must be a positive duration such as 500ms, 2s or 1m, was "
                + value));
        return null;
    }
}
