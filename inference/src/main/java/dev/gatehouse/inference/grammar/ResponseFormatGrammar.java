package dev.gatehouse.inference.grammar;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GBNF grammars (llama.cpp's grammar format, start rule {@code root}) for OpenAI's {@code response_format}, to pass
 * to {@code llama_sampler_init_grammar(vocab, grammar, "root")}.
 *
 * <p>Conventions of every grammar produced: the document starts with its first character and ends with its last
 * (no surrounding whitespace, so generation stops at the closing brace); between tokens the rule {@code ws} allows at
 * most one space or tab, or one newline and up to 24 indentation characters; numbers have at most 16 integer and 16
 * fraction digits. A grammar accepts only documents valid for its schema; it may accept fewer spellings than JSON
 * allows (object keys in a fixed order, no exponent in bounded numbers, enum values written compactly).
 */
public final class ResponseFormatGrammar {
    private ResponseFormatGrammar() {
    }

    /** For {@code {"type": "json_object"}}: any JSON object, nested values of any kind. */
    public static String jsonObject() {
        GrammarRules rules = new GrammarRules();
        String root = rules.reserve(GrammarRules.ROOT);
        rules.fill(root, rules.shared(SharedRule.OBJECT));
        return rules.render();
    }

    /**
     * For {@code {"type": "json_schema", "json_schema": {"schema": ...}}}: the documents valid for {@code schema}.
     *
     * @throws UnsupportedSchemaException when the schema is malformed or uses a keyword that cannot be enforced;
     *                                    {@link UnsupportedSchemaException#path()} points at the keyword
     */
    public static String fromSchema(JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            throw new UnsupportedSchemaException("", "schema", "a schema is required");
        }
        return SchemaConverter.grammarFor(schema);
    }
}
