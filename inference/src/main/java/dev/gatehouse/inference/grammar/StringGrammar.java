package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** JSON strings: any valid string, a length range, or one of the supported formats. */
final class StringGrammar {
    private StringGrammar() {
    }

    /**
     * Formats with a grammar of their own. Dates and times follow RFC 3339 (upper-case T and Z; day numbers are
     * checked against 31, not against the month). Other formats are refused rather than treated as plain strings,
     * because JSON Schema validators configured to assert formats would reject what the model writes.
     */
    private static final Map<String, SharedRule> FORMATS = Map.of(
            "date", SharedRule.DATE_STRING,
            "time", SharedRule.TIME_STRING,
            "date-time", SharedRule.DATE_TIME_STRING,
            "uuid", SharedRule.UUID_STRING,
            "ipv4", SharedRule.IPV4_STRING);

    static String of(JsonNode schema, String path, GrammarRules rules) {
        if (schema.has("pattern")) {
            throw new UnsupportedSchemaException(pointer(path, "pattern"), "pattern",
                    "pattern is not supported; use enum, format or length limits");
        }
        Integer min = SchemaKeywords.count(schema, "minLength", path);
        Integer max = SchemaKeywords.count(schema, "maxLength", path);
        SchemaKeywords.requireOrdered(min, max, path, "minLength");
        if (schema.has("format")) {
            return format(schema.get("format"), min, max, path, rules);
        }
        if ((min == null || min == 0) && max == null) {
            return rules.shared(SharedRule.STRING);
        }
        String quote = GbnfText.literal("\"");
        String chars = GbnfText.repeat(rules.shared(SharedRule.CHAR), min == null ? 0 : min, max);
        return GbnfText.sequence(quote, chars, quote);
    }

    private static String format(JsonNode format, Integer min, Integer max, String path, GrammarRules rules) {
        SharedRule rule = FORMATS.get(format.asText());
        if (rule == null) {
            throw new UnsupportedSchemaException(pointer(path, "format"), "format",
                    "format '" + format.asText() + "' is not supported; supported formats are " + FORMATS.keySet());
        }
        if (min != null || max != null) {
            throw new UnsupportedSchemaException(pointer(path, min != null ? "minLength" : "maxLength"),
                    min != null ? "minLength" : "maxLength", "length limits together with format are not supported");
        }
        return rules.shared(rule);
    }
}
