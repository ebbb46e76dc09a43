package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Objects with their keys in one fixed order: required properties in declared order, then each optional property in
 * declared order, then (where allowed) extra properties. A fixed order keeps the grammar small and spares a small
 * model from choosing among permutations; any order is valid JSON, so every document accepted is still valid.
 *
 * <p>{@code additionalProperties}: false forbids extras, true or a schema allows them after the declared ones. When
 * absent, extras are allowed only if the object declares no properties ({@code {"type":"object"}} means any object);
 * an object that declares properties gets exactly those, as in OpenAI's strict mode. Extra keys never use escapes and
 * never equal a declared key.
 */
final class ObjectGrammar {
    private static final String COMMA = "\",\" ws";

    private ObjectGrammar() {
    }

    static String of(SchemaConverter converter, JsonNode schema, String path, String hint) {
        GrammarRules rules = converter.rules;
        rules.shared(SharedRule.WS);
        JsonNode properties = schema.get("properties");
        if (properties != null && !properties.isObject()) {
            throw new UnsupportedSchemaException(pointer(path, "properties"), "properties", "properties must be an object");
        }
        JsonNode extraSchema = extraSchema(schema, properties, path);
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        if (properties != null) {
            properties.properties().forEach(entry -> declared.put(entry.getKey(), entry.getValue()));
        }
        Set<String> required = required(schema, path, declared, extraSchema);

        List<String> requiredMembers = new ArrayList<>();
        List<String> optionalMembers = new ArrayList<>();
        for (String name : required) {
            requiredMembers.add(member(converter, name, declared.get(name), path, hint, true));
        }
        for (Map.Entry<String, JsonNode> property : declared.entrySet()) {
            boolean forbidden = property.getValue().isBoolean() && !property.getValue().booleanValue();
            if (!required.contains(property.getKey()) && !forbidden) {
                optionalMembers.add(member(converter, property.getKey(), property.getValue(), path, hint, false));
            }
        }
        String extraMember = null;
        if (extraSchema != null) {
            String value = rules.named(hint + "-extra-value",
                    converter.convert(extraSchema, pointer(path, "additionalProperties"), hint + "-extra-value", null));
            String key = ExtraKeys.excluding(declared.keySet(), rules);
            extraMember = rules.define(hint + "-extra-kv", GbnfText.sequence(key, "ws \":\" ws", value, "ws"));
        }
        checkPropertyCounts(schema, path, requiredMembers.size(), requiredMembers.size() + optionalMembers.size(),
                extraMember != null);
        String members = members(requiredMembers, optionalMembers, extraMember, hint, rules);
        return GbnfText.sequence(GbnfText.literal("{"), "ws", members, GbnfText.literal("}"));
    }

    /** The schema extra properties must satisfy, or null when no extra property is allowed. */
    private static JsonNode extraSchema(JsonNode schema, JsonNode properties, String path) {
        JsonNode additional = schema.get("additionalProperties");
        if (additional == null) {
            return properties == null || properties.isEmpty() ? BooleanNode.TRUE : null;
        }
        if (additional.isBoolean()) {
            return additional.booleanValue() ? additional : null;
        }
        if (!additional.isObject()) {
            throw new UnsupportedSchemaException(pointer(path, "additionalProperties"), "additionalProperties",
                    "additionalProperties must be a boolean or a schema");
        }
        return additional;
    }

    /**
     * Required names in the order the object writes them: declared properties first in declared order, then
     * required names that are not declared (they take the additionalProperties schema).
     */
    private static Set<String> required(JsonNode schema, String path, Map<String, JsonNode> declared, JsonNode extraSchema) {
        JsonNode required = schema.get("required");
        if (required == null) {
            return Set.of();
        }
        String requiredPath = pointer(path, "required");
        if (!required.isArray()) {
            throw new UnsupportedSchemaException(requiredPath, "required", "required must be an array of property names");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode name : required) {
            if (!name.isTextual()) {
                throw new UnsupportedSchemaException(requiredPath, "required", "required must list strings, got " + name);
            }
            names.add(name.textValue());
        }
        Set<String> ordered = new LinkedHashSet<>();
        declared.keySet().stream().filter(names::contains).forEach(ordered::add);
        for (String name : names) {
            JsonNode property = declared.get(name);
            if (property == null && extraSchema == null) {
                throw new UnsupportedSchemaException(requiredPath, "required",
                        "required property '" + name + "' is not declared in properties and additional properties are not allowed");
            }
            if (property != null && property.isBoolean() && !property.booleanValue()) {
                throw new UnsupportedSchemaException(requiredPath, "required",
                        "required property '" + name + "' has the schema false, so no document can have it");
            }
            if (property == null) {
                declared.put(name, extraSchema);
                ordered.add(name);
            }
        }
        return ordered;
    }

    private static String member(SchemaConverter converter, String name, JsonNode schema, String path, String hint,
                                 boolean required) {
        String memberHint = hint + "-" + name;
        String schemaPath = pointer(pointer(path, "properties"), name);
        String value = converter.rules.named(memberHint, converter.convert(schema, schemaPath, memberHint, null));
        String key = GbnfText.literal("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"");
        return converter.rules.define(memberHint + "-kv", GbnfText.sequence(key, "ws \":\" ws", value, "ws"));
    }

    /** minProperties/maxProperties are honoured when the fixed shape satisfies them already, refused otherwise. */
    private static void checkPropertyCounts(JsonNode schema, String path, int required, int declared, boolean extras) {
        Integer min = SchemaKeywords.count(schema, "minProperties", path);
        Integer max = SchemaKeywords.count(schema, "maxProperties", path);
        if (min != null && min > required) {
            throw new UnsupportedSchemaException(pointer(path, "minProperties"), "minProperties",
                    "minProperties above the number of required properties (" + required + ") is not supported;"
                            + " make the properties required instead");
        }
        if (max != null && (extras || max < declared)) {
            throw new UnsupportedSchemaException(pointer(path, "maxProperties"), "maxProperties",
                    "maxProperties below the number of properties an object may have is not supported");
        }
    }

    /** The members between the braces: each optional one may be left out, with commas only between members. */
    private static String members(List<String> required, List<String> optional, String extra, String hint,
                                  GrammarRules rules) {
        String extras = extra == null ? "" : "( " + COMMA + " " + extra + " )*";
        if (!required.isEmpty()) {
            List<String> parts = new ArrayList<>(List.of(required.getFirst()));
            for (String member : required.subList(1, required.size())) {
                parts.add(COMMA + " " + member);
            }
            for (String member : optional) {
                parts.add("( " + COMMA + " " + member + " )?");
            }
            parts.add(extras);
            return GbnfText.sequence(parts.toArray(String[]::new));
        }
        // Without a required member the first member present has no comma before it: one alternative per member
        // that can come first, followed by the rest (as a shared tail rule once there is more than one group).
        String[] tails = new String[optional.size() + 1];
        tails[optional.size()] = extras;
        for (int i = optional.size() - 1; i >= 1; i--) {
            String tail = GbnfText.sequence("( " + COMMA + " " + optional.get(i) + " )?", tails[i + 1]);
            tails[i] = tails[i + 1].isEmpty() ? tail : rules.define(hint + "-rest", tail);
        }
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < optional.size(); i++) {
            alternatives.add(GbnfText.sequence(optional.get(i), tails[i + 1]));
        }
        if (extra != null) {
            alternatives.add(GbnfText.sequence(extra, extras));
        }
        return alternatives.isEmpty() ? "" : "( " + String.join(" | ", alternatives) + " )?";
    }
}
