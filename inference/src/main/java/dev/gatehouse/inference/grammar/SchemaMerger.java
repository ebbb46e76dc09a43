package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a conjunction of schemas (allOf members, a $ref with sibling keywords) into one schema whose documents satisfy
 * every member. Keywords combine by their meaning: types intersect, properties and required unite, lower bounds take
 * the maximum and upper bounds the minimum. Members that disagree in a way one schema cannot express are refused.
 */
final class SchemaMerger {
    private record Part(JsonNode schema, String path) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> LOWER_BOUNDS = Set.of("minLength", "minItems", "minimum", "exclusiveMinimum");
    private static final Set<String> UPPER_BOUNDS = Set.of("maxLength", "maxItems", "maximum", "exclusiveMaximum");

    private final LocalRefs refs;

    SchemaMerger(LocalRefs refs) {
        this.refs = refs;
    }

    /** The schema with its top-level $ref and allOf folded in. */
    ObjectNode merge(JsonNode schema, String path) {
        return mergeAll(List.of(schema), path);
    }

    ObjectNode mergeAll(List<JsonNode> schemas, String path) {
        List<Part> parts = new ArrayList<>();
        for (JsonNode schema : schemas) {
            flatten(schema, path, new HashSet<>(), parts);
        }
        ObjectNode merged = NODES.objectNode();
        for (Part part : parts) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = part.schema().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String keyword = field.getKey();
                if (SchemaKeywords.ANNOTATIONS.contains(keyword) || keyword.equals("additionalProperties")) {
                    continue;
                }
                JsonNode existing = merged.get(keyword);
                merged.set(keyword, existing == null ? field.getValue() : combine(keyword, existing, field.getValue(), part));
            }
        }
        mergeAdditionalProperties(parts, merged, path);
        return merged;
    }

    private void flatten(JsonNode schema, String path, Set<String> refsFollowed, List<Part> parts) {
        if (schema.isBoolean() && schema.booleanValue()) {
            return;
        }
        if (!schema.isObject()) {
            throw new UnsupportedSchemaException(path, "allOf", "cannot combine the schema " + schema + " with others");
        }
        SchemaKeywords.rejectUnsupported(schema, path);
        ObjectNode own = ((ObjectNode) schema).deepCopy();
        own.remove(List.of("$ref", "allOf"));
        parts.add(new Part(own, path));
        if (schema.has("$ref")) {
            LocalRefs.Target target = refs.resolve(schema.get("$ref"), pointer(path, "$ref"));
            if (!refsFollowed.add(target.pointer())) {
                throw new UnsupportedSchemaException(pointer(path, "$ref"), "$ref",
                        "'#" + target.pointer() + "' is combined with itself and never produces a value");
            }
            flatten(target.schema(), target.pointer(), refsFollowed, parts);
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null) {
            if (!allOf.isArray() || allOf.isEmpty()) {
                throw new UnsupportedSchemaException(pointer(path, "allOf"), "allOf", "allOf must be a non-empty array");
            }
            for (int i = 0; i < allOf.size(); i++) {
                flatten(allOf.get(i), pointer(pointer(path, "allOf"), i), new HashSet<>(refsFollowed), parts);
            }
        }
    }

    private JsonNode combine(String keyword, JsonNode a, JsonNode b, Part part) {
        String path = pointer(part.path(), keyword);
        if (a.equals(b)) {
            return a;
        }
        if (LOWER_BOUNDS.contains(keyword) && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) >= 0 ? a : b;
        }
        if (UPPER_BOUNDS.contains(keyword) && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) <= 0 ? a : b;
        }
        return switch (keyword) {
            case "type" -> intersectTypes(a, b, path);
            case "required" -> union(a, b);
            case "enum" -> intersectEnums(a, b, path);
            case "properties" -> {
                if (!a.isObject() || !b.isObject()) {
                    throw new UnsupportedSchemaException(path, keyword, "properties must be an object");
                }
                yield mergeProperties(a, b);
            }
            case "items" -> both(a, b);
            default -> throw new UnsupportedSchemaException(path, keyword,
                    "allOf members give different values for " + keyword + " (" + a + " and " + b + ")");
        };
    }

    /**
     * A property declared by an allOf member with {@code additionalProperties: false} is all that member allows, so
     * properties from other members would make documents invalid: refuse instead of producing a grammar that lies.
     */
    private static void mergeAdditionalProperties(List<Part> parts, ObjectNode merged, String path) {
        JsonNode properties = merged.path("properties");
        List<JsonNode> restrictions = new ArrayList<>();
        boolean allowedSomewhere = false;
        for (Part part : parts) {
            JsonNode additional = part.schema().get("additionalProperties");
            if (additional == null) {
                continue;
            }
            if (additional.isBoolean() && additional.booleanValue()) {
                allowedSomewhere = true;
                continue;
            }
            JsonNode own = part.schema().path("properties");
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!own.has(name)) {
                    throw new UnsupportedSchemaException(pointer(part.path(), "additionalProperties"),
                            "additionalProperties", "this allOf member does not allow property '" + name
                                    + "' that another member declares; declare it here too");
                }
            }
            restrictions.add(additional);
        }
        if (restrictions.stream().anyMatch(JsonNode::isBoolean)) {
            merged.put("additionalProperties", false);
        } else if (!restrictions.isEmpty()) {
            if (restrictions.stream().distinct().count() > 1) {
                throw new UnsupportedSchemaException(pointer(path, "allOf"), "additionalProperties",
                        "allOf members give different additionalProperties schemas");
            }
            merged.set("additionalProperties", restrictions.getFirst());
        } else if (allowedSomewhere) {
            merged.put("additionalProperties", true);
        }
    }

    private static JsonNode intersectTypes(JsonNode a, JsonNode b, String path) {
        Set<String> left = typeNames(a);
        Set<String> right = typeNames(b);
        Set<String> common = new LinkedHashSet<>();
        for (String type : left) {
            if (right.contains(type) || (type.equals("integer") && right.contains("number"))) {
                common.add(type);
            } else if (type.equals("number") && right.contains("integer")) {
                common.add("integer");
            }
        }
        if (common.isEmpty()) {
            throw new UnsupportedSchemaException(path, "type", "allOf members have no type in common: " + a + " and " + b);
        }
        ArrayNode types = NODES.arrayNode();
        common.forEach(types::add);
        return types.size() == 1 ? types.get(0) : types;
    }

    private static Set<String> typeNames(JsonNode type) {
        Set<String> names = new LinkedHashSet<>();
        if (type.isArray()) {
            type.forEach(name -> names.add(name.asText()));
        } else {
            names.add(type.asText());
        }
        return names;
    }

    private static JsonNode union(JsonNode a, JsonNode b) {
        Set<JsonNode> all = new LinkedHashSet<>();
        a.forEach(all::add);
        b.forEach(all::add);
        ArrayNode out = NODES.arrayNode();
        all.forEach(out::add);
        return out;
    }

    private static JsonNode intersectEnums(JsonNode a, JsonNode b, String path) {
        ArrayNode out = NODES.arrayNode();
        Set<JsonNode> right = new HashSet<>();
        b.forEach(right::add);
        a.forEach(value -> {
            if (right.contains(value)) {
                out.add(value);
            }
        });
        if (out.isEmpty()) {
            throw new UnsupportedSchemaException(path, "enum", "allOf members have no enum value in common");
        }
        return out;
    }

    /** Properties declared by several members must satisfy each declaration: they become an allOf of their own. */
    private static JsonNode mergeProperties(JsonNode a, JsonNode b) {
        ObjectNode out = ((ObjectNode) a).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = b.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = out.get(field.getKey());
            out.set(field.getKey(), existing == null ? field.getValue() : both(existing, field.getValue()));
        }
        return out;
    }

    private static JsonNode both(JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return a;
        }
        ObjectNode allOf = NODES.objectNode();
        allOf.putArray("allOf").add(a).add(b);
        return allOf;
    }
}
