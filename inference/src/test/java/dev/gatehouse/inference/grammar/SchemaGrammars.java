package dev.gatehouse.inference.grammar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: schema text in, recognizer for the generated grammar out. */
final class SchemaGrammars {
    static final ObjectMapper JSON = new ObjectMapper();

    private SchemaGrammars() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /** Converts the schema and parses the grammar back, which also proves it is well-formed GBNF. */
    static GbnfRecognizer forSchema(String schema) {
        return GbnfRecognizer.parse(ResponseFormatGrammar.fromSchema(json(schema)));
    }
}
