package dev.gatehouse.inference.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Which JSON Schema keywords the converter honours, which it ignores as annotations, and which it refuses. */
final class SchemaKeywords {
    private SchemaKeywords() {
    }

    /** Keywords that describe rather than constrain; a grammar has nothing to enforce for them. */
    static final Set<String> ANNOTATIONS = Set.of(
            "title", "description", "default", "examples", "$comment", "$schema", "$id", "$anchor",
            "$dynamicAnchor", "$defs", "definitions", "deprecated", "readOnly", "writeOnly", "contentMediaType",
            "contentEncoding", "contentSchema", "$vocabulary");

    /**
     * Assertions a context-free grammar cannot enforce (or that we have not built). Refusing them is safer than a
     * grammar that lets through documents the client's own validator will reject.
     */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("not", "negation cannot be expressed as a grammar"),
            Map.entry("if", "conditional schemas (if/then/else) are not supported"),
            Map.entry("then", "conditional schemas (if/then/else) are not supported"),
            Map.entry("else", "conditional schemas (if/then/else) are not supported"),
            Map.entry("dependentSchemas", "dependentSchemas is not supported"),
            Map.entry("dependentRequired", "dependentRequired is not supported"),
            Map.entry("dependencies", "dependencies is not supported"),
            Map.entry("patternProperties", "patternProperties is not supported; declare the properties instead"),
            Map.entry("propertyNames", "propertyNames is not supported"),
            Map.entry("unevaluatedProperties", "unevaluatedProperties is not supported; use additionalProperties"),
            Map.entry("unevaluatedItems", "unevaluatedItems is not supported; use items"),
            Map.entry("contains", "contains is not supported"),
            Map.entry("minContains", "minContains is not supported"),
            Map.entry("maxContains", "maxContains is not supported"),
            Map.entry("$dynamicRef", "$dynamicRef is not supported; use $ref"),
            Map.entry("$recursiveRef", "$recursiveRef is not supported; use $ref"));

    /** Throws for the first keyword of {@code schema} that can never be honoured. */
    static void rejectUnsupported(JsonNode schema, String path) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            String why = UNSUPPORTED.get(keyword);
            if (why != null) {
                throw new UnsupportedSchemaException(pointer(path, keyword), keyword, why);
            }
        }
    }

    /** True when the schema holds nothing but annotations besides {@code except}. */
    static boolean onlyAnnotationsBesides(JsonNode schema, Set<String> except) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!except.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                return false;
            }
        }
        return true;
    }

    /**
     * llama.cpp expands {@code x{m,n}} into n rules and refuses (or, above it, silently unbounds) counts past 2000, so
     * length and item bounds beyond this cannot be enforced.
     */
    static final int MAX_REPETITIONS = 2000;

    /**
     * A count keyword (minLength, maxItems, ...) as an int, or null when absent. Throws when it is not a
     * non-negative integer or exceeds what a llama.cpp grammar can count.
     */
    static Integer count(JsonNode schema, String keyword, String path) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new UnsupportedSchemaException(pointer(path, keyword), keyword,
                    keyword + " must be a non-negative integer, got " + value);
        }
        if (value.asLong() > MAX_REPETITIONS) {
            throw new UnsupportedSchemaException(pointer(path, keyword), keyword,
                    keyword + " " + value + " is above " + MAX_REPETITIONS + ", the largest count a llama.cpp grammar enforces");
        }
        return value.intValue();
    }

    /** Throws when both bounds are present and no count satisfies them. */
    static void requireOrdered(Integer min, Integer max, String path, String minKeyword) {
        if (min != null && max != null && min > max) {
            throw new UnsupportedSchemaException(pointer(path, minKeyword), minKeyword,
                    minKeyword + " " + min + " is greater than the maximum " + max + "; no value satisfies both");
        }
    }

    /** Appends one reference token to a JSON pointer, escaping as RFC 6901 asks. */
    static String pointer(String path, String token) {
        return path + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    static String pointer(String path, int index) {
        return path + "/" + index;
    }
}
