package dev.gatehouse.router.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.tools.HttpTool;
import dev.gatehouse.router.tools.ToolSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the policy's {@code tools:} section into a {@link ToolSet}, every violation with its key path:
 *
 * <pre>
 * tools:
 *   calculator: true
 *   datetime: true
 *   http:
 *     - {name: stock, url: 'http://stock.internal/ask', match: 'how many (?&lt;sku&gt;[a-z0-9-]+) are in stock',
 *        input: {sku: string}, dataClass: internal, timeoutMs: 2000}
 * </pre>
 */
final class ToolSetReader {

    private static final List<String> KEYS = List.of("calculator", "datetime", "http");
    private static final List<String> HTTP_KEYS = List.of("name", "url", "match", "input", "dataClass", "timeoutMs");

    private ToolSetReader() {}

    /** @param node the {@code tools} mapping, or null when the policy has none (then there are no tools) */
    static ToolSet read(YamlNode node, Set<String> targetIds) {
        if (node == null) return ToolSet.NONE;
        node.rejectUnknownKeys(KEYS);
        boolean calculator = Boolean.TRUE.equals(node.bool("calculator"));
        boolean datetime = Boolean.TRUE.equals(node.bool("datetime"));
        List<HttpTool> http = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : node.mappings("http")) {
            item.rejectUnknownKeys(HTTP_KEYS);
            String name = item.string("name");
            Long timeout = item.has("timeoutMs") ? longValue(item, "timeoutMs") : null;
            HttpTool.Declared declared = HttpTool.declare(item.path(), name, item.string("url"), item.string("match"),
                    inputs(item), item.string("dataClass"), timeout);
            declared.violations().forEach(v -> item.violations().add(violation(v)));
            if (declared.tool() == null) continue;
            String target = declared.tool().target();
            if (!names.add(name) || target.equals("tool/calculator") || target.equals("tool/datetime")) {
                item.violation("name", "'" + name + "' is taken; tool names must be unique and not calculator or "
                        + "datetime");
            } else if (targetIds.contains(target)) {
                item.violation("name", "'" + target + "' is also declared as a model target");
            } else {
                http.add(declared.tool());
            }
        }
        return new ToolSet(calculator, datetime, http);
    }

    private static Map<String, String> inputs(YamlNode item) {
        Map<String, String> out = new LinkedHashMap<>();
        YamlNode input = item.mapping("input");
        if (input == null) return out;
        for (String name : input.keys()) {
            JsonNode value = input.get(name);
            out.put(name, value.isTextual() ? value.asText() : value.toString());
        }
        return out;
    }

    private static Long longValue(YamlNode item, String key) {
        JsonNode value = item.get(key);
        if (!value.isIntegralNumber()) {
            item.violation(key, "must be a whole number of milliseconds, was " + YamlNode.describe(value));
            return 5000L;
        }
        return value.longValue();
    }

    /** {@link HttpTool#declare} words each violation as {@code key.path(): message}. */
    private static Violation violation(String worded) {
        int colon = worded.indexOf(": ");
        return colon < 0 ? new Violation("tools", worded)
                : new Violation(worded.substring(0, colon), worded.substring(colon + 2));
    }
}
