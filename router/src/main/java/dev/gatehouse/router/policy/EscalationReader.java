package dev.gatehouse.router.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.cascade.AnswerCheck;
import dev.gatehouse.router.cascade.QualityGate;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.escalation.ProvidersReader;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the outbound keys of the policy: {@code providers} (handed to {@link ProvidersReader} with the environment
 * that holds the API keys), {@code budgets}, {@code escalation} and {@code localCostPer1k}.
 */
final class EscalationReader {

    static final List<String> BUDGET_KEYS = List.of("zone", "onExhausted", "tenants", "apiKeys");
    static final List<String> ESCALATION_KEYS = List.of("perMinute", "maxShare", "minRequests", "tenants",
            "maskConfidential", "fallbacks", "overflowLatencyMs", "cascade");
    static final List<String> CHECKS = List.of("non_empty", "not_refusal", "length", "valid_json", "confidence");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private EscalationReader() {}

    static EscalationPolicy read(YamlNode top, Map<String, String> env) {
        EscalationPolicy d = EscalationPolicy.none();
        List<ProviderConfig> providers = ProvidersReader.read(top, "providers", env);
        YamlNode budgets = top.mapping("budgets");
        BudgetLimits limits = d.budgets();
        ZoneId zone = d.budgetZone();
        EscalationPolicy.OnBudgetExhausted onExhausted = d.onBudgetExhausted();
        if (budgets != null) {
            budgets.rejectUnknownKeys(BUDGET_KEYS);
            zone = zone(budgets, zone);
            if (budgets.has("onExhausted")) {
                onExhausted = budgets.enumValue("onExhausted", EscalationPolicy.OnBudgetExhausted.class);
            }
            limits = new BudgetLimits(limits(budgets.mapping("tenants"), false), limits(budgets.mapping("apiKeys"),
                    true));
        }
        Double localCost = top.number("localCostPer1k", 0, 1000);
        YamlNode e = top.mapping("escalation");
        if (e == null) {
            return new EscalationPolicy(providers, limits, zone, onExhausted, d.rateCap(), null, false, null, true,
                    null, localCost == null ? BigDecimal.ZERO : BigDecimal.valueOf(localCost));
        }
        e.rejectUnknownKeys(ESCALATION_KEYS);
        Integer perMinute = e.integer("perMinute", 0, 1_000_000);
        Double maxShare = e.number("maxShare", 0, 1);
        Integer minRequests = e.integer("minRequests", 0, 1_000_000);
        var cap = new EscalationRateCap.Settings(perMinute, maxShare, minRequests == null ? 20 : minRequests);
        var tenants = e.has("tenants") ? new LinkedHashSet<>(e.strings("tenants")) : null;
        Boolean mask = e.bool("maskConfidential");
        Boolean fallbacks = e.bool("fallbacks");
        Integer overflow = e.integer("overflowLatencyMs", 1, 3_600_000);
        QualityGate cascade = cascade(e.mapping("cascade"));
        return new EscalationPolicy(providers, limits, zone, onExhausted, cap, tenants, Boolean.TRUE.equals(mask),
                cascade, fallbacks == null || fallbacks, overflow == null ? null : overflow.longValue(),
                localCost == null ? BigDecimal.ZERO : BigDecimal.valueOf(localCost));
    }

    private static ZoneId zone(YamlNode budgets, ZoneId fallback) {
        String text = budgets.string("zone");
        if (text == null) return fallback;
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException ex) {
            budgets.violation("zone", "must be a time zone such as UTC or Europe/Berlin, was '" + text + "'");
            return fallback;
        }
    }

    /** {@code name: {daily: 5.00, monthly: 100}}; API keys are written {@code sha256:HEX} or plain (hashed here). */
    private static Map<String, BudgetLimits.Limit> limits(YamlNode map, boolean apiKeys) {
        Map<String, BudgetLimits.Limit> out = new HashMap<>();
        if (map == null) return out;
        for (String name : map.keys()) {
            YamlNode limit = map.mapping(name);
            if (limit == null) {
                if (map.get(name).isNull()) map.violation(name, "must be a mapping with daily and/or monthly");
                continue;
            }
            limit.rejectUnknownKeys(List.of("daily", "monthly"));
            Double daily = limit.number("daily", 0, 1e9);
            Double monthly = limit.number("monthly", 0, 1e9);
            if (!limit.has("daily") && !limit.has("monthly")) {
                limit.violation(null, "must set daily and/or monthly (an amount in the currency of the prices)");
            }
            String owner = name;
            if (apiKeys) {
                owner = SHA256.matcher(name).matches() ? name.substring(7).toLowerCase(Locale.ROOT)
                        : Policy.sha256(name.strip());
            }
            out.put(owner, new BudgetLimits.Limit(daily == null ? null : Cost.of(BigDecimal.valueOf(daily)),
                    monthly == null ? null : Cost.of(BigDecimal.valueOf(monthly))));
        }
        return out;
    }

    /** {@code checks: [non_empty, not_refusal, {length: {min, max, rejectCut}}, valid_json, {confidence: -1.0}]}. */
    private static QualityGate cascade(YamlNode node) {
        if (node == null) return null;
        node.rejectUnknownKeys(List.of("enabled", "checks", "refusalPhrases"));
        Boolean enabled = node.bool("enabled");
        if (Boolean.FALSE.equals(enabled)) return null;
        List<String> phrases = node.has("refusalPhrases") ? node.strings("refusalPhrases")
                : AnswerCheck.NotRefusal.DEFAULT_PHRASES;
        JsonNode list = node.get("checks");
        if (list == null || list.isNull()) return QualityGate.defaults();
        if (!list.isArray() || list.isEmpty()) {
            node.violation("checks", "must be a non-empty list of " + CHECKS);
            return null;
        }
        List<AnswerCheck> checks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = node.path("checks") + "[" + i + "]";
            JsonNode item = list.get(i);
            String name = item.isTextual() ? item.asText() : item.isObject() && item.size() == 1
                    ? item.fieldNames().next() : null;
            JsonNode arg = item.isObject() && name != null ? item.get(name) : null;
            AnswerCheck check = name == null ? null : switch (name) {
                case "non_empty" -> new AnswerCheck.NonEmpty();
                case "not_refusal" -> new AnswerCheck.NotRefusal(phrases, 200);
                case "valid_json" -> new AnswerCheck.ValidJson(null);
                case "length" -> length(arg, at, node.violations());
                case "confidence" -> confidence(arg, at, node.violations());
                default -> null;
            };
            if (name == null || !CHECKS.contains(name)) {
                node.violations().add(new Violation(at, "must be one of " + CHECKS + " (a name, or a one-key mapping "
                        + "with its settings), was " + YamlNode.describe(item)));
            } else if (check != null) {
                checks.add(check);
            }
        }
        return new QualityGate(checks);
    }

    /** {@code {confidence: -1.0}} (mean) or {@code {confidence: {mean: -1.0, min: -6.0}}} (either or both). */
    private static AnswerCheck confidence(JsonNode arg, String at, List<Violation> violations) {
        if (arg != null && arg.isNumber() && arg.doubleValue() <= 0) return new AnswerCheck.Confident(arg.doubleValue());
        if (arg != null && arg.isObject() && arg.size() > 0) {
            List<String> unknown = new ArrayList<>();
            arg.fieldNames().forEachRemaining(k -> { if (!k.equals("mean") && !k.equals("min")) unknown.add(k); });
            JsonNode mean = arg.get("mean");
            JsonNode min = arg.get("min");
            boolean valid = unknown.isEmpty() && (mean == null || mean.isNumber() && mean.doubleValue() <= 0)
                    && (min == null || min.isNumber() && min.doubleValue() <= 0);
            if (valid) {
                return new AnswerCheck.Confident(mean == null ? Double.NEGATIVE_INFINITY : mean.doubleValue(),
                        min == null ? Double.NEGATIVE_INFINITY : min.doubleValue());
            }
        }
        return invalid(at, "confidence takes the minimum mean token log-probability, a number <= 0 "
                + "({confidence: -1.0}), or {confidence: {mean: <= 0, min: <= 0}} with the least log-probability "
                + "any one token may have", violations);
    }

    private static AnswerCheck length(JsonNode arg, String at, List<Violation> violations) {
        if (arg == null || !arg.isObject()) {
            return invalid(at, "length takes {min: N, max: N, rejectCut: true|false}", violations);
        }
        int min = arg.path("min").asInt(1);
        int max = arg.path("max").asInt(Integer.MAX_VALUE);
        if (min < 0 || max < min) {
            return invalid(at + ".length", "needs 0 <= min <= max, was min " + min + ", max " + max, violations);
        }
        return new AnswerCheck.LengthWithin(min, max, arg.path("rejectCut").asBoolean(false));
    }

    private static AnswerCheck invalid(String at, String message, List<Violation> violations) {
        violations.add(new Violation(at, message));
        return null;
    }
}
