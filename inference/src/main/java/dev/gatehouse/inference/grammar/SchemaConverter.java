package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks one JSON Schema and returns a GBNF expression for each sub-schema. Composition keywords are reduced first
 * ($ref with siblings and allOf are merged, anyOf/oneOf become alternatives); then the type decides the shape.
 *
 * <p>{@code leftOwner} is the JSON pointer of the $ref target whose rule is being written while nothing has been
 * produced yet, or null once a bracket or quote has been; it feeds {@link LeftRecursionGuard}.
 */
final class SchemaConverter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "null", "object", "array");

    final GrammarRules rules = new GrammarRules();
    private final LocalRefs refs;
    private final SchemaMerger merger;
    private final LeftRecursionGuard leftRecursion = new LeftRecursionGuard();
    private final Map<String, String> ruleOfRef = new HashMap<>();

    private SchemaConverter(JsonNode root) {
        this.refs = new LocalRefs(root);
        this.merger = new SchemaMerger(refs);
    }

    static String grammarFor(JsonNode schema) {
        SchemaConverter converter = new SchemaConverter(schema);
        String root = converter.rules.reserve(GrammarRules.ROOT);
        converter.ruleOfRef.put("", root); // "$ref": "#" recurses into the whole document
        converter.rules.fill(root, converter.convert(schema, "", root, ""));
        converter.leftRecursion.check();
        return converter.rules.render();
    }

    String convert(JsonNode schema, String path, String hint, String leftOwner) {
        if (schema.isBoolean()) {
            if (schema.booleanValue()) {
                return rules.shared(SharedRule.VALUE);
            }
            throw new UnsupportedSchemaException(path, "false", "the schema false accepts no value at all");
        }
        if (!schema.isObject()) {
            throw new UnsupportedSchemaException(path, "schema",
                    "a schema must be an object or a boolean, got " + schema.getNodeType());
        }
        SchemaKeywords.rejectUnsupported(schema, path);
        if (schema.has("$ref") && SchemaKeywords.onlyAnnotationsBesides(schema, Set.of("$ref"))) {
            return ref(schema.get("$ref"), pointer(path, "$ref"), leftOwner);
        }
        if (schema.has("$ref") || schema.has("allOf")) {
            return convert(merger.merge(schema, path), path, hint, leftOwner);
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            return alternatives(schema, path, hint, leftOwner);
        }
        if (schema.has("const")) {
            return literal(schema.get("const"));
        }
        if (schema.has("enum")) {
            return enumeration(schema, path);
        }
        List<String> types = types(schema, path);
        if (types.isEmpty()) {
            return rules.shared(SharedRule.VALUE);
        }
        if (types.size() == 1) {
            return typed(types.getFirst(), schema, path, hint);
        }
        List<String> alternatives = new ArrayList<>();
        for (String type : types) {
            alternatives.add(rules.named(hint + "-" + type, typed(type, schema, path, hint + "-" + type)));
        }
        return GbnfText.anyOf(alternatives);
    }

    private String typed(String type, JsonNode schema, String path, String hint) {
        return switch (type) {
            case "string" -> StringGrammar.of(schema, path, rules);
            case "integer" -> NumberGrammar.integer(schema, path, rules);
            case "number" -> NumberGrammar.number(schema, path, rules);
            case "boolean" -> rules.shared(SharedRule.BOOLEAN);
            case "null" -> rules.shared(SharedRule.NULL);
            case "object" -> ObjectGrammar.of(this, schema, path, hint);
            case "array" -> ArrayGrammar.of(this, schema, path, hint);
            default -> throw new IllegalStateException("unchecked type " + type);
        };
    }

    /** A rule for the $ref target, written once; later references (including recursive ones) reuse its name. */
    private String ref(JsonNode ref, String refPath, String leftOwner) {
        LocalRefs.Target target = refs.resolve(ref, refPath);
        if (leftOwner != null) {
            leftRecursion.startsWith(leftOwner, target.pointer(), refPath);
        }
        String name = ruleOfRef.get(target.pointer());
        if (name == null) {
            name = rules.reserve(target.name());
            ruleOfRef.put(target.pointer(), name);
            rules.fill(name, convert(target.schema(), target.pointer(), name, target.pointer()));
        }
        return name;
    }

    /**
     * anyOf and oneOf both become alternatives. oneOf's "exactly one" cannot be checked by a grammar; schemas use it
     * for disjoint variants, where the two mean the same. Sibling keywords apply to every alternative.
     */
    private String alternatives(JsonNode schema, String path, String hint, String leftOwner) {
        if (schema.has("anyOf") && schema.has("oneOf")) {
            throw new UnsupportedSchemaException(pointer(path, "oneOf"), "oneOf", "anyOf and oneOf together are not supported");
        }
        String keyword = schema.has("anyOf") ? "anyOf" : "oneOf";
        JsonNode options = schema.get(keyword);
        if (!options.isArray() || options.isEmpty()) {
            throw new UnsupportedSchemaException(pointer(path, keyword), keyword, keyword + " must be a non-empty array");
        }
        ObjectNode siblings = ((ObjectNode) schema).deepCopy();
        siblings.remove(keyword);
        boolean shared = !SchemaKeywords.onlyAnnotationsBesides(siblings, Set.of());
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String optionPath = pointer(pointer(path, keyword), i);
            JsonNode option = shared ? merger.mergeAll(List.of(siblings, options.get(i)), path) : options.get(i);
            String expression = convert(option, optionPath, hint + "-" + i, leftOwner);
            String named = rules.named(hint + "-" + i, expression);
            if (!alternatives.contains(named)) {
                alternatives.add(named);
            }
        }
        return GbnfText.anyOf(alternatives);
    }

    private String enumeration(JsonNode schema, String path) {
        JsonNode values = schema.get("enum");
        if (!values.isArray() || values.isEmpty()) {
            throw new UnsupportedSchemaException(pointer(path, "enum"), "enum", "enum must be a non-empty array");
        }
        List<String> declared = schema.has("type") ? types(schema, path) : List.of();
        Set<String> alternatives = new LinkedHashSet<>();
        for (JsonNode value : values) {
            if (declared.isEmpty() || declared.stream().anyMatch(type -> hasType(value, type))) {
                alternatives.add(literal(value));
            }
        }
        if (alternatives.isEmpty()) {
            throw new UnsupportedSchemaException(pointer(path, "enum"), "enum",
                    "no enum value has the declared type " + declared);
        }
        return GbnfText.anyOf(List.copyOf(alternatives));
    }

    /** The value written compactly, the one spelling the grammar allows for it. */
    private static String literal(JsonNode value) {
        try {
            return GbnfText.literal(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value always serialises", e);
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> false;
        };
    }

    /** The declared types, or the ones the keywords imply; empty means any JSON value. */
    private static List<String> types(JsonNode schema, String path) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return implied(schema);
        }
        List<String> names = new ArrayList<>();
        if (type.isTextual()) {
            names.add(type.textValue());
        } else if (type.isArray() && !type.isEmpty()) {
            type.forEach(item -> names.add(item.asText()));
        } else {
            throw new UnsupportedSchemaException(pointer(path, "type"), "type",
                    "type must be a type name or a non-empty array of them");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!TYPES.contains(names.get(i))) {
                throw new UnsupportedSchemaException(pointer(path, "type"), "type",
                        "unknown type '" + names.get(i) + "'; expected one of " + TYPES);
            }
        }
        // "integer" is a subset of "number": keeping both would only make the grammar ambiguous.
        if (names.contains("number")) {
            names.remove("integer");
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    /** Without "type", keywords that only make sense for one type select it: a subset of what the schema allows. */
    private static List<String> implied(JsonNode schema) {
        List<String> implied = new ArrayList<>();
        if (hasAny(schema, "properties", "required", "additionalProperties")) {
            implied.add("object");
        }
        if (hasAny(schema, "items", "prefixItems", "minItems", "maxItems")) {
            implied.add("array");
        }
        if (hasAny(schema, "minLength", "maxLength", "pattern", "format")) {
            implied.add("string");
        }
        if (hasAny(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
            implied.add("number");
        }
        return implied;
    }

    private static boolean hasAny(JsonNode schema, String... keywords) {
        for (String keyword : keywords) {
            if (schema.has(keyword)) {
                return true;
            }
        }
        return false;
    }
}
