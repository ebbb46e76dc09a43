package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /v1/embeddings} body.
 *
 * @param model  requested model name, or null for the default embedding model
 * @param inputs texts to embed, at least one, none empty
 * @param base64 {@code encoding_format: base64}
 * @param dimensions {@code dimensions}, or null: the size the client wants its vectors to have
 */
record EmbeddingsRequest(String model, List<String> inputs, boolean base64, Integer dimensions) {

    static final int MAX_INPUTS = 2048;

    EmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }

    static EmbeddingsRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.field("(body)", "must be a JSON object, was " + describe(body));
        }
        String model = JsonFields.string(body, "model", "model");
        String format = JsonFields.string(body, "encoding_format", "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw InvalidRequestException.field("encoding_format", "must be \"float\" or \"base64\", was \""
                    + format + "\"");
        }
        Long dimensions = JsonFields.integer(body, "dimensions");
        if (dimensions != null && (dimensions < 1 || dimensions > 65_536)) {
            throw InvalidRequestException.field("dimensions", "must be between 1 and 65536, was " + dimensions);
        }
        return new EmbeddingsRequest(model, inputs(body), "base64".equals(format),
                dimensions == null ? null : dimensions.intValue());
    }

    private static List<String> inputs(JsonNode body) {
        JsonNode input = JsonFields.optional(body, "input");
        if (input == null) {
            throw InvalidRequestException.field("input", "is required");
        }
        if (input.isTextual()) {
            return List.of(nonEmpty(input.asText(), "input"));
        }
        if (!input.isArray()) {
            throw InvalidRequestException.field("input", "must be a string or an array of strings, was "
                    + describe(input));
        }
        if (input.isEmpty()) {
            throw InvalidRequestException.field("input", "must contain at least one string");
        }
        if (input.size() > MAX_INPUTS) {
            throw InvalidRequestException.field("input", "must have at most " + MAX_INPUTS + " strings, had "
                    + input.size());
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isNumber() || item.isArray()) {
                throw InvalidRequestException.field("input[" + i + "]",
                        "token arrays are not supported, send text instead");
            }
            if (!item.isTextual()) {
                throw InvalidRequestException.field("input[" + i + "]", "must be a string, was " + describe(item));
            }
            texts.add(nonEmpty(item.asText(), "input[" + i + "]"));
        }
        return texts;
    }

    private static String nonEmpty(String text, String param) {
        if (text.isEmpty()) {
            throw InvalidRequestException.field(param, "must not be empty");
        }
        return text;
    }
}
